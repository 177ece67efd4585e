// The `meute` command registry: each subcommand lives in its own file and
// registers itself with MEUTE_REGISTER_COMMAND, so main.cc never lists them.
//
// A command's Setup() adds its options to the CLI11 subcommand and returns the
// function to run once the command line is parsed. The run function returns an
// exit code (see ExitCode) and prints its own errors through ReportError().

#ifndef MEUTE_TOOLS_COMMAND_H_
#define MEUTE_TOOLS_COMMAND_H_

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace meute::tools {

// Documented in README.md ("Exit codes"). DO NOT CHANGE: scripts depend on them.
enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,     // Fatal error: nothing was changed (or the search failed).
  kExitUsage = 2,     // Bad command line or bad query.
  kExitPartial = 3,   // Some records were rejected; every valid one was committed.
  kExitLocked = 4,    // Another writer holds the database lock.
  kExitNotFound = 5,  // The database, record or file asked for does not exist.
};

using RunFn = std::function<int()>;

struct Command {
  std::string name;
  std::string summary;
  // Called once; adds options to `app` and returns what to run.
  std::function<RunFn(CLI::App& app)> setup;
};

std::vector<Command>& CommandRegistry();

// Runs registered command `name` with `args` (as typed after its name, e.g.
// {"build", "--db", DIR}) in this process, as `meute NAME ARGS...` would:
// its exit code, or kInternal if there is no such command or CLI11 refuses
// the arguments. The command prints its own errors.
absl::StatusOr<int> RunRegisteredCommand(const std::string& name, std::vector<std::string> args);

struct CommandRegistrar {
  explicit CommandRegistrar(Command command);
};

#define MEUTE_REGISTER_COMMAND(var, ...)              \
  static const ::meute::tools::CommandRegistrar var { \
    ::meute::tools::Command { __VA_ARGS__ }           \
  }

// Prints "meute COMMAND: MESSAGE" on stderr and returns the exit code for the
// status: kInvalidArgument -> kExitUsage, kNotFound -> kExitNotFound,
// kUnavailable -> kExitLocked, anything else -> kExitError. OK -> kExitOk.
int ReportError(const std::string& command, const absl::Status& status);

// "run `meute index --db DB FILES` first": what to say about a missing or
// empty database.
std::string IndexFirstHint(const std::string& db);

// `status`, with IndexFirstHint(db) added when it is kNotFound (no index)
// and does not already name `meute index`.
absl::Status WithIndexHint(const absl::Status& status, const std::string& db);

// True when stdout is a terminal and NO_COLOR is not set: colour allowed.
bool StdoutIsColorTerminal();

// Options of the commands that list records (search, similar).
struct ListingFlags {
  std::string db;
  std::vector<std::string> kinds;
  int limit = 10;
  bool json = false;
  std::string format = "text";
};

// Adds --json and --format (text, json or csv) to `app`.
void AddFormatOptions(CLI::App& app, bool* json, std::string* format);

// Adds --db, -k/--kind, -n/--limit, --json and --format to `app`.
void AddListingOptions(CLI::App& app, ListingFlags* flags);

// Prints the listing in the format `flags` asks for (--json wins over
// --format); kExitOk unless stdout failed.
int PrintListing(const ListingFlags& flags, const std::function<std::string()>& json,
                 const std::function<std::string()>& csv,
                 const std::function<std::string(bool color)>& text);

}  // namespace meute::tools

#endif  // MEUTE_TOOLS_COMMAND_H_
