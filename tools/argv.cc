#include "tools/argv.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/suggest.h"

namespace meute::tools {
namespace {

std::string CommandPath(const CLI::App& app) {
  const CLI::App* parent = app.get_parent();
  if (parent == nullptr) return "meute";
  return absl::StrCat(CommandPath(*parent), " ", app.get_name());
}

std::vector<std::string> OptionNames(const CLI::App& app, bool long_names) {
  std::vector<std::string> out;
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& n : long_names ? opt->get_lnames() : opt->get_snames()) {
      out.push_back(absl::StrCat(long_names ? "--" : "-", n));
    }
  }
  return out;
}

// Flags (add_flag) expect no value.
bool TakesValue(const CLI::Option& opt) { return opt.get_expected_max() > 0; }

// A positional that gathers words, as the query of `meute search`.
bool TakesFreeWords(const CLI::App& app) {
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_positional() && opt->get_items_expected_max() > 1) return true;
  }
  return false;
}

bool IsNumber(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '.') return false;
  }
  return true;
}

// How a word that starts with one dash reads in `app`: 0 not an option, 1 an
// option complete in itself, 2 an option whose value is the next word.
int ShortOption(const CLI::App& app, const std::string& arg) {
  for (size_t i = 1; i < arg.size(); ++i) {
    const CLI::Option* opt = app.get_option_no_throw(std::string{'-', arg[i]});
    if (opt == nullptr) return 0;
    if (TakesValue(*opt)) {
      if (i + 1 == arg.size()) return 2;
      return IsNumber(arg.substr(i + 1)) ? 1 : 0;
    }
  }
  return 1;
}

absl::Status UnknownOption(const CLI::App& app, const std::string& name) {
  std::vector<std::string> names = OptionNames(app, /*long_names=*/true);
  for (std::string& s : OptionNames(app, /*long_names=*/false)) names.push_back(std::move(s));
  return absl::InvalidArgumentError(absl::StrCat("unknown option \"", name, "\" for `",
                                                 CommandPath(app), "`", DidYouMean(name, names),
                                                 " (see `", CommandPath(app), " --help`)"));
}

}  // namespace

std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* sub : app.get_subcommands({})) out.push_back(sub->get_name());
  return out;
}

absl::StatusOr<std::vector<std::string>> PrepareArgs(const CLI::App& app,
                                                     std::vector<std::string> args) {
  const CLI::App* cur = &app;
  std::vector<std::string> head;   // Program, subcommands and options, in order.
  std::vector<std::string> words;  // Positionals, in order.
  bool dash_word = false;
  size_t i = 0;
  if (!args.empty()) head.push_back(args[i++]);
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      words.insert(words.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      dash_word = true;
      break;
    }
    if (absl::StartsWith(arg, "--")) {
      const std::string name = arg.substr(0, arg.find('='));
      const CLI::Option* opt = cur->get_option_no_throw(name);
      if (opt == nullptr) return UnknownOption(*cur, name);
      // --help and --version end the parse: CLI11 prints them.
      if (opt == cur->get_help_ptr() || name == "--version") return args;
      head.push_back(arg);
      if (TakesValue(*opt) && name.size() == arg.size() && i + 1 < args.size()) {
        head.push_back(args[++i]);
      }
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      const int kind = ShortOption(*cur, arg);
      if (kind == 0) {
        if (TakesFreeWords(*cur)) {
          words.push_back(arg);
          dash_word = true;
          continue;
        }
        return UnknownOption(*cur, arg);
      }
      if (arg == "-h") return args;
      head.push_back(arg);
      if (kind == 2 && i + 1 < args.size()) head.push_back(args[++i]);
      continue;
    }
    const std::vector<std::string> subs = SubcommandNames(*cur);
    if (!subs.empty()) {
      const CLI::App* sub = nullptr;
      for (const CLI::App* s : cur->get_subcommands({})) {
        if (s->get_name() == arg) sub = s;
      }
      if (sub != nullptr) {
        cur = sub;
        head.push_back(arg);
        continue;
      }
      if (cur->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "unknown command \"", arg, "\" for `", CommandPath(*cur), "`", DidYouMean(arg, subs),
            " (see `", cur->get_parent() == nullptr ? "meute help" : CommandPath(*cur) + " --help",
            "`)"));
      }
    }
    words.push_back(arg);
  }
  if (!dash_word) return args;
  head.push_back("--");
  head.insert(head.end(), words.begin(), words.end());
  return head;
}

}  // namespace meute::tools
