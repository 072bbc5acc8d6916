# SPDX-License-Identifier: MIT
# Per-target warning, sanitizer and Qt settings, and the fpt_add_test() helper.

function(fpt_target_defaults target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
    if(FPT_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(FPT_SANITIZE)
        target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
    if(FPT_TSAN)
        target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=thread)
    endif()
endfunction()

function(fpt_qt_defaults target)
    target_compile_definitions(${target} PRIVATE
        QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
        QT_NO_FOREACH QT_USE_QSTRINGBUILDER)
endfunction()

# fpt_add_test(<source> LIBS <libs...> LABEL core|widgets|app [TIMEOUT s] [TORCH])
# One Qt Test executable per source file; runs offscreen with Qt asserts on.
function(fpt_add_test src)
    cmake_parse_arguments(ARG "TORCH" "LABEL;TIMEOUT" "LIBS" ${ARGN})
    get_filename_component(name ${src} NAME_WE)
    add_executable(${name} ${src})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
    fpt_target_defaults(${name})
    fpt_qt_defaults(${name})
    target_compile_definitions(${name} PRIVATE
        FPT_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        FPT_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
        FPT_BINARY_DIR="${PROJECT_BINARY_DIR}")
    if(ARG_TORCH)
        target_precompile_headers(${name} REUSE_FROM fpt_pch)
        # The moc file of a test that includes its own .moc is nearly empty: loading the 570 MB
        # torch PCH for it would only cost time.
        set_source_files_properties(${CMAKE_CURRENT_BINARY_DIR}/${name}_autogen/mocs_compilation.cpp
                                    PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
    endif()
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        LABELS "${ARG_LABEL}"
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_FORCE_ASSERTS=1;OMP_NUM_THREADS=1")
endfunction()
