#include "tools/command.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace meute::tools {

std::vector<Command>& CommandRegistry() {
  static auto* registry = new std::vector<Command>();
  return *registry;
}

absl::StatusOr<int> RunRegisteredCommand(const std::string& name, std::vector<std::string> args) {
  for (const Command& command : CommandRegistry()) {
    if (command.name != name) continue;
    CLI::App app{name};
    const RunFn run = command.setup(app);
    std::reverse(args.begin(), args.end());  // CLI11 parses a vector from its back.
    try {
      app.parse(args);
    } catch (const CLI::ParseError& e) {
      return absl::InternalError(absl::StrCat("meute ", name, ": ", e.what()));
    }
    return run();
  }
  return absl::UnimplementedError(absl::StrCat("this meute has no `", name, "` command"));
}

CommandRegistrar::CommandRegistrar(Command command) {
  CommandRegistry().push_back(std::move(command));
}

int ReportError(const std::string& command, const absl::Status& status) {
  if (status.ok()) return kExitOk;
  std::cerr << "meute " << command << ": " << status.message() << '\n';
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return kExitUsage;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kUnavailable:
      return kExitLocked;
    default:
      return kExitError;
  }
}

std::string IndexFirstHint(const std::string& db) {
  return "run `meute index --db " + db + " FILES` first";
}

absl::Status WithIndexHint(const absl::Status& status, const std::string& db) {
  if (status.code() != absl::StatusCode::kNotFound) return status;
  if (absl::StrContains(status.message(), "meute index")) return status;  // Already says it.
  return absl::NotFoundError(absl::StrCat(status.message(), ": ", IndexFirstHint(db)));
}

bool StdoutIsColorTerminal() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string(term) == "dumb") return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

void AddFormatOptions(CLI::App& app, bool* json, std::string* format) {
  app.add_flag("--json", *json, "Same as --format json");
  app.add_option("--format", *format, "text, json or csv")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "csv"}));
}

void AddListingOptions(CLI::App& app, ListingFlags* flags) {
  app.add_option("--db", flags->db, "Index directory")->required();
  app.add_option("-k,--kind", flags->kinds,
                 "Only these kinds: cluster, member, call, news (repeatable)")
      ->allow_extra_args(false);
  app.add_option("-n,--limit", flags->limit, "Hits to show")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000));
  AddFormatOptions(app, &flags->json, &flags->format);
}

int PrintListing(const ListingFlags& flags, const std::function<std::string()>& json,
                 const std::function<std::string()>& csv,
                 const std::function<std::string(bool color)>& text) {
  const std::string format = flags.json ? "json" : flags.format;
  if (format == "json") {
    std::cout << json();
  } else if (format == "csv") {
    std::cout << csv();
  } else {
    std::cout << text(StdoutIsColorTerminal());
  }
  std::cout.flush();
  return std::cout.good() ? kExitOk : kExitError;
}

}  // namespace meute::tools
