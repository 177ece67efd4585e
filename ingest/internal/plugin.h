// Loads the project's own plugins: small shared libraries built beside the
// `meute` binary (libmeute_pdf.so with poppler, libmeute_fetch.so with
// libcurl), so that a command that reads no PDF and fetches no URL (search
// above all) never maps poppler, curl and what they pull in (NSS, GnuTLS,
// Kerberos, LDAP, freetype...), and starts as fast as Xapian's own tools.
//
// A plugin is looked for, in order, in $MEUTE_PLUGIN_DIR; in the installed
// layout relative to the running binary (/proc/self/exe), i.e. PREFIX/bin/meute
// -> PREFIX/LIBDIR/meute/ (the build tree mirrors it: build/lib/meute/ for
// build/tools/meute); and beside the binary. A plugin must come from the same build: it exports
// `meute_plugin_version()`, which must return this build's version string.
//
// Thread safety: PluginSymbol() may be called from several threads; each
// plugin is loaded once and stays loaded.

#ifndef MEUTE_INGEST_INTERNAL_PLUGIN_H_
#define MEUTE_INGEST_INTERNAL_PLUGIN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace meute::ingest::internal {

// The folders searched for plugins, in order.
std::vector<std::string> PluginDirs();

// The address of `symbol` in plugin `file` ("libmeute_pdf.so"), which is
// loaded on first use. kFailedPrecondition if the plugin is not found (the
// message names the folders searched), cannot be loaded, comes from another
// build or lacks `symbol`.
absl::StatusOr<void*> PluginSymbol(const char* file, const char* symbol);

}  // namespace meute::ingest::internal

#endif  // MEUTE_INGEST_INTERNAL_PLUGIN_H_
