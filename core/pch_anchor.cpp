// SPDX-License-Identifier: MIT
// Empty translation unit that owns the shared precompiled header (see core/CMakeLists.txt).
