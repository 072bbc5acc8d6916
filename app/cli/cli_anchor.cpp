// SPDX-License-Identifier: MIT
// Keeps fpt_cli_lib non-empty while it has no other sources.
