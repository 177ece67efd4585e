// Checks the command line before CLI11 parses it, so that people who type get
// help: an unknown command or option is reported once, with the closest names
// ("did you mean", base/suggest.h), and a query word that starts with a dash
// is a word, never an option.
//
// Rules, documented in README.md ("Command line") and `meute search --help`:
// - `--` ends the options: what follows is positional, even "-x" or "--x".
// - In a command with free words (a positional that takes several values,
//   such as the query of `meute search`), a word that starts with one dash and
//   is not a known short option (`-h`, `-n`, `-k`...) is a word: `-hydrogene`
//   is "NOT hydrogene". A short option takes its value after a space, or glued
//   only when the value is a number (`-n5`).
// - Anywhere else an unknown `-x` or `--xyz` is a usage error.

#ifndef MEUTE_TOOLS_ARGV_H_
#define MEUTE_TOOLS_ARGV_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/status/statusor.h"

namespace meute::tools {

// Returns `args` (args[0] is the program) ready for app.parse(): unchanged,
// or with the positionals moved after a `--` when one of them starts with a
// dash. kInvalidArgument, with a message naming the bad word and the closest
// names, for an unknown command, subcommand or option.
absl::StatusOr<std::vector<std::string>> PrepareArgs(const CLI::App& app,
                                                     std::vector<std::string> args);

// Names of the subcommands of `app`, in the order they were added.
std::vector<std::string> SubcommandNames(const CLI::App& app);

}  // namespace meute::tools

#endif  // MEUTE_TOOLS_ARGV_H_
