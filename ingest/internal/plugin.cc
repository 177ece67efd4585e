#include "ingest/internal/plugin.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

#ifndef MEUTE_VERSION
#define MEUTE_VERSION "unknown"
#endif
#ifndef MEUTE_PLUGIN_RELDIR
#define MEUTE_PLUGIN_RELDIR "../lib/meute"
#endif

namespace meute::ingest::internal {
namespace {

namespace fs = std::filesystem;

struct Loaded {
  void* handle = nullptr;
  std::string error;  // Why it could not be loaded, if handle is null.
};

// Loads `file` from the first folder that has it; `error` says why not.
Loaded Load(const char* file) {
  Loaded out;
  std::vector<std::string> tried;
  for (const std::string& dir : PluginDirs()) {
    const std::string path = absl::StrCat(dir, "/", file);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      tried.push_back(dir);
      continue;
    }
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      out.error = absl::StrCat("cannot load ", path, ": ", why != nullptr ? why : "unknown error");
      return out;
    }
    using VersionFn = const char* (*)();
    auto version = reinterpret_cast<VersionFn>(dlsym(handle, "meute_plugin_version"));
    if (version == nullptr || std::strcmp(version(), MEUTE_VERSION) != 0) {
      out.error = absl::StrCat(path, " comes from another build of meute (version ",
                               version != nullptr ? version() : "unknown", ", expected ",
                               MEUTE_VERSION, ")");
      dlclose(handle);
      return out;
    }
    out.handle = handle;
    return out;
  }
  out.error = absl::StrCat(file, " not found (looked in ", absl::StrJoin(tried, ", "),
                           "; set MEUTE_PLUGIN_DIR to its folder)");
  return out;
}

}  // namespace

std::vector<std::string> PluginDirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("MEUTE_PLUGIN_DIR"); env != nullptr && *env != '\0') {
    dirs.emplace_back(env);
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = exe.parent_path();
    dirs.push_back((bin / MEUTE_PLUGIN_RELDIR).lexically_normal().string());
    dirs.push_back(bin.string());
  }
  return dirs;
}

absl::StatusOr<void*> PluginSymbol(const char* file, const char* symbol) {
  static std::mutex mu;
  static auto* loaded = new std::map<std::string, Loaded>();
  std::lock_guard<std::mutex> lock(mu);
  auto it = loaded->find(file);
  if (it == loaded->end()) it = loaded->emplace(file, Load(file)).first;
  const Loaded& l = it->second;
  if (l.handle == nullptr) return absl::FailedPreconditionError(l.error);
  void* address = dlsym(l.handle, symbol);
  if (address == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(file, " has no symbol ", symbol));
  }
  return address;
}

}  // namespace meute::ingest::internal
