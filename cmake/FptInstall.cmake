# SPDX-License-Identifier: MIT
# Install rules (issue 20): binaries to bin/, everything the binaries look up at run time to
# share/fpt-explorer/ in the source tree's layout (core::projectRoot() finds it from PREFIX/bin),
# the desktop entry, icon and AppStream metainfo to the FHS places, and a Debian package via
# `cpack -G DEB` whose dependencies dpkg-shlibdeps computes from the binaries.
include(GNUInstallDirs)

set(FPT_APP_ID org.fptexplorer.FptExplorer)
set(FPT_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/fpt-explorer)

install(TARGETS fpt RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET fpt-explorer)
    install(TARGETS fpt-explorer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(DIRECTORY ${PROJECT_SOURCE_DIR}/presets ${PROJECT_SOURCE_DIR}/backbones
        DESTINATION ${FPT_SHARE_DIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/lessons ${PROJECT_SOURCE_DIR}/resources/reference-runs
        DESTINATION ${FPT_SHARE_DIR}/resources)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/fetch_data.sh DESTINATION ${FPT_SHARE_DIR}/scripts)

configure_file(${PROJECT_SOURCE_DIR}/resources/desktop/${FPT_APP_ID}.metainfo.xml.in
               ${PROJECT_BINARY_DIR}/${FPT_APP_ID}.metainfo.xml @ONLY)
install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/${FPT_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/${FPT_APP_ID}.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${PROJECT_BINARY_DIR}/${FPT_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Debian package. dpkg-shlibdeps (dpkg-dev, part of build-essential) turns the binaries' NEEDED
# entries into package dependencies (libtorch1.13, libqt6*, libcurl4 ...). What it cannot see is
# added by hand: the Qt platform plugins (dlopen'ed), the SVG icon engine, and OpenBLAS pthread
# (LibTorch links libblas.so.3; the fast implementation is an alternative, chosen at install).
set(CPACK_PACKAGE_NAME fpt-explorer)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "FPT Explorer developers <fpt-explorer@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Explorer for frozen pretrained transformers (FPT) on non-language tasks")
set(CPACK_PACKAGE_DESCRIPTION "Trains and compares a frozen pretrained GPT-2 body against fully trained transformers and LSTMs (Lu et al. 2021), with live curves, attention maps, lessons and the paper's studies.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6svg6, libopenblas0-pthread")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dataset-fashion-mnist, npm")
set(CPACK_GENERATOR DEB)
include(CPack)
