// meute_html_extract FILE...: the record the HTML page reader makes of each
// file, one JSON object a line ({"file", "title", "text", "diagnostics"}).
// Used by tests/bench/readability_vs_mozilla.py and its ctest.

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "ingest/readers/html_reader.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: meute_html_extract FILE...\n";
    return 2;
  }
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::cerr << argv[i] << ": cannot open\n";
      status = 1;
      continue;
    }
    std::stringstream bytes;
    bytes << in.rdbuf();
    const meute::ingest::ReadResult r = meute::ingest::ParseHtmlPage(bytes.str(), argv[i]);
    nlohmann::json out;
    out["file"] = argv[i];
    out["title"] = r.documents.empty() ? "" : r.documents[0].title;
    out["text"] = r.documents.empty() ? "" : r.documents[0].text;
    nlohmann::json diagnostics = nlohmann::json::array();
    for (const meute::ingest::Diagnostic& d : r.diagnostics) diagnostics.push_back(d.ToString());
    out["diagnostics"] = diagnostics;
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return status;
}
