// Fuzz target: mapping files (TOML) and their use on a fixed CSV.

#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ingest/csv_mapping.h"
#include "ingest/internal/fuzz_checks.h"
#include "ingest/readers/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meute::ingest;
  if (size > 4096) return 0;
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<Mapping> mapping = ParseMapping(input, "fuzz.toml");
  if (!mapping.ok()) {
    internal::FuzzCheck(!mapping.status().message().empty());
    return 0;
  }
  ReaderOptions options;
  options.max_field_bytes = 512;
  static constexpr absl::string_view kCsv =
      "Nom;Lien;Financeurs;Descriptif;Date Cl\xC3\xB4ture;Budget;Type\n"
      "Appel hydrog\xC3\xA8ne;https://example.org/a;ADEME;\"Texte; avec \"\"guillemets\"\"\";"
      "31/12/2026;1,5 M\xE2\x82\xAC;call\n"
      "Aide mobilit\xC3\xA9;https://example.org/b;R\xC3\xA9gion;Texte;;250 000;news\n";
  internal::FuzzCheckResult(ParseCsv(kCsv, "fuzz.csv", options, &*mapping),
                            options.max_field_bytes);
  return 0;
}
