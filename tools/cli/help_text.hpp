#pragma once
// The text of `flameup --help`: every command, option, environment variable and exit code.

namespace flameup::cli {

extern const char kHelpText[];

}  // namespace flameup::cli
