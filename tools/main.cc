// meute: the command-line front end. Each subcommand is a thin file of its own
// (tools/cmd_*.cc) that registers itself; this file only dispatches.

#include <algorithm>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

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
  meute::tools::RunFn to_run;
  for (const Command& c : commands) {
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
        std::cout << app.help();
        return 0;
      }
      try {
        std::cout << app.get_subcommand(help_topic)->help();
        return 0;
      } catch (const CLI::OptionNotFound&) {
        std::cerr << "meute help: no command named \"" << help_topic << "\"\n";
        return meute::tools::kExitUsage;
      }
    };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // CLI11 returns 0 for --help/--version and its own codes for errors: map
    // every usage error to our documented code.
    return code == 0 ? 0 : meute::tools::kExitUsage;
  }
  if (!to_run) return meute::tools::kExitUsage;
  return to_run();
}
