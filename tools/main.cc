// meute: the command-line front end. Each subcommand is a thin file of its own
// (tools/cmd_*.cc) that registers itself; this file only dispatches.

#include <algorithm>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "absl/status/statusor.h"
#include "base/suggest.h"
#include "tools/argv.h"
#include "tools/command.h"

#ifndef MEUTE_VERSION
#define MEUTE_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  using meute::tools::Command;
  CLI::App app{"Meute: text mining and recommendations for Occitanie's business clusters", "meute"};
  app.set_version_flag("--version", std::string("meute ") + MEUTE_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  std::vector<Command> commands = meute::tools::CommandRegistry();
  std::sort(commands.begin(), commands.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
  // `meute COMMAND ...` sets up that command's options alone: the others'
  // CLI11 objects cost a search's start-up about 30 of its 480 page faults.
  // Anything else (help, a typo, a flag first) sets up every command.
  const std::string first = argc > 1 ? argv[1] : "";
  const bool one = std::any_of(commands.begin(), commands.end(),
                               [&](const Command& c) { return c.name == first; });
  meute::tools::RunFn to_run;
  for (const Command& c : commands) {
    if (one && c.name != first) continue;
    CLI::App* sub = app.add_subcommand(c.name, c.summary);
    meute::tools::RunFn run = c.setup(*sub);
    sub->callback([run, &to_run] { to_run = run; });
  }
  // `meute help [COMMAND]`, as git does.
  std::string help_topic;
  CLI::App* help = app.add_subcommand("help", "Show help for meute or one of its commands");
  help->add_option("command", help_topic, "Command to describe");
  help->callback([&] {
    to_run = [&]() -> int {
      if (help_topic.empty()) {
        // Not app.help(): with a subcommand selected (this one) it describes that.
        std::cout << app.get_formatter()->make_help(&app, "meute", CLI::AppFormatMode::Normal);
        return 0;
      }
      for (CLI::App* sub : app.get_subcommands({})) {
        if (sub->get_name() == help_topic) {
          std::cout << sub->help();
          return 0;
        }
      }
      std::cerr << "meute help: no command named \"" << help_topic << "\""
                << meute::DidYouMean(help_topic, meute::tools::SubcommandNames(app))
                << " (see `meute help`)\n";
      return meute::tools::kExitUsage;
    };
  });

  // `meute` alone: the overview, as git does, and the usage exit code.
  if (argc <= 1) {
    std::cerr << app.help();
    return meute::tools::kExitUsage;
  }
  absl::StatusOr<std::vector<std::string>> args =
      meute::tools::PrepareArgs(app, std::vector<std::string>(argv, argv + argc));
  if (!args.ok()) {
    std::cerr << "meute: " << args.status().message() << '\n';
    return meute::tools::kExitUsage;
  }
  // CLI11 takes the words without the program name, last first.
  std::vector<std::string> reversed(args->rbegin(), args->rend() - 1);
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // CLI11 returns 0 for --help/--version and its own codes for errors: map
    // every usage error to our documented code.
    return code == 0 ? 0 : meute::tools::kExitUsage;
  }
  if (!to_run) return meute::tools::kExitUsage;
  return to_run();
}
