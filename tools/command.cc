#include "tools/command.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace meute::tools {

std::vector<Command>& CommandRegistry() {
  static auto* registry = new std::vector<Command>();
  return *registry;
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

bool StdoutIsColorTerminal() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string(term) == "dumb") return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

}  // namespace meute::tools
