# SPDX-License-Identifier: MIT
# Run at every build (cmake -DSOURCE_DIR=... -DOUTPUT=... -P write_git_commit.cmake): writes the
# commit the build comes from into OUTPUT, and touches it only when that commit changed, so a run
# records the commit it was built from without a re-configure, and an unchanged commit rebuilds
# nothing.
execute_process(COMMAND git describe --always --dirty WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE result)
if(NOT result EQUAL 0 OR commit STREQUAL "")
    set(commit unknown)
endif()
set(content "#define FPT_GIT_COMMIT \"${commit}\"\n")
set(old "")
if(EXISTS ${OUTPUT})
    file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL content)
    file(WRITE ${OUTPUT} "${content}")
endif()
