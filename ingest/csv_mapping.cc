#include "ingest/csv_mapping.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/file_util.h"
#include "base/status_macros.h"
#include "base/toml_util.h"

namespace meute::ingest {
namespace {

class MappingParser {
 public:
  explicit MappingParser(absl::string_view file_name) : file_(file_name) {}

  absl::Status Error(const toml::node& node, absl::string_view message) const {
    const toml::source_position& at = node.source().begin;
    return absl::InvalidArgumentError(
        absl::StrCat(file_, ":", at.line, ":", at.column, ": ", message));
  }
  absl::Status Error(const toml::key& key, absl::string_view message) const {
    const toml::source_position& at = key.source().begin;
    return absl::InvalidArgumentError(
        absl::StrCat(file_, ":", at.line, ":", at.column, ": ", message));
  }

  absl::Status String(const toml::key& key, const toml::node& node, std::string* out) const {
    const auto* s = node.as_string();
    if (s == nullptr)
      return Error(node, absl::StrCat("\"", std::string(key.str()), "\": expected a string"));
    *out = s->get();
    return absl::OkStatus();
  }

  absl::Status Bool(const toml::key& key, const toml::node& node, bool* out) const {
    const auto* b = node.as_boolean();
    if (b == nullptr) {
      return Error(node, absl::StrCat("\"", std::string(key.str()), "\": expected true or false"));
    }
    *out = b->get();
    return absl::OkStatus();
  }

  // A string or an array of strings.
  absl::Status Strings(const toml::key& key, const toml::node& node,
                       std::vector<std::string>* out) const {
    if (const auto* s = node.as_string()) {
      out->push_back(s->get());
      return absl::OkStatus();
    }
    const auto* arr = node.as_array();
    if (arr == nullptr || arr->empty()) {
      return Error(node, absl::StrCat("\"", std::string(key.str()),
                                      "\": expected a string or an array of strings"));
    }
    for (const toml::node& e : *arr) {
      const auto* s = e.as_string();
      if (s == nullptr) {
        return Error(
            e, absl::StrCat("\"", std::string(key.str()), "\": expected an array of strings"));
      }
      out->push_back(s->get());
    }
    return absl::OkStatus();
  }

  absl::Status Field(const toml::key& key, const toml::node& node, FieldSource* out) const {
    if (node.is_string() || node.is_array()) return Strings(key, node, &out->from);
    const auto* table = node.as_table();
    if (table == nullptr) {
      return Error(node, absl::StrCat("field \"", std::string(key.str()),
                                      "\": expected a column name, an array of names or a table"));
    }
    for (auto&& [k, v] : *table) {
      const std::string name(k.str());
      absl::Status s;
      if (name == "from") {
        s = Strings(k, v, &out->from);
      } else if (name == "split") {
        s = String(k, v, &out->split);
      } else if (name == "html") {
        s = Bool(k, v, &out->html);
      } else if (name == "prefix") {
        s = String(k, v, &out->prefix);
      } else if (name == "from_text") {
        s = Bool(k, v, &out->from_text);
        if (s.ok() && out->from_text && std::string(key.str()) != "date" &&
            std::string(key.str()) != "deadline") {
          s = Error(k, absl::StrCat("\"from_text\" applies to date and deadline, not \"",
                                    std::string(key.str()), "\""));
        }
      } else {
        s = Error(k, absl::StrCat("field \"", std::string(key.str()), "\": unknown option \"", name,
                                  "\" (known: from, split, html, prefix, from_text)"));
      }
      if (!s.ok()) return s;
    }
    if (out->from.empty() && !out->from_text) {
      return Error(node,
                   absl::StrCat("field \"", std::string(key.str()), "\": \"from\" is missing"));
    }
    return absl::OkStatus();
  }

  absl::Status CheckField(const toml::key& key) const {
    for (const std::string& f : RecordFieldNames()) {
      if (std::string(key.str()) == f) return absl::OkStatus();
    }
    return Error(key, absl::StrCat("unknown record field \"", std::string(key.str()),
                                   "\" (known: ", absl::StrJoin(RecordFieldNames(), ", "), ")"));
  }

  absl::StatusOr<Mapping> Parse(const toml::table& root) const {
    Mapping m;
    for (auto&& [k, v] : root) {
      const std::string name(k.str());
      absl::Status s;
      if (name == "format") {
        s = String(k, v, &m.format);
        m.format = absl::AsciiStrToLower(m.format);
        if (s.ok() && m.format != "csv" && m.format != "json" && m.format != "jsonl") {
          s = Error(v, "\"format\": expected \"csv\", \"json\" or \"jsonl\"");
        }
      } else if (name == "delimiter") {
        std::string d;
        s = String(k, v, &d);
        if (d == "\\t" || d == "tab") d = "\t";
        if (s.ok() && (d.size() != 1 || d == "\"" || d == "\n" || d == "\r")) {
          s = Error(v, "\"delimiter\": expected one character other than a quote or newline");
        }
        if (s.ok()) m.delimiter = d[0];
      } else if (name == "encoding") {
        s = String(k, v, &m.encoding);
      } else if (name == "records") {
        s = String(k, v, &m.records);
      } else if (name == "list_separator") {
        s = String(k, v, &m.list_separator);
        if (s.ok() && m.list_separator.empty()) s = Error(v, "\"list_separator\": empty");
      } else if (name == "keep_unmapped") {
        s = Bool(k, v, &m.keep_unmapped);
      } else if (name == "drop") {
        s = Strings(k, v, &m.drop);
      } else if (name == "defaults") {
        const auto* t = v.as_table();
        if (t == nullptr) return Error(v, "\"defaults\": expected a table");
        for (auto&& [fk, fv] : *t) {
          if (absl::Status c = CheckField(fk); !c.ok()) return c;
          std::vector<std::string> values;
          if (fv.is_array() && IsListField(std::string(fk.str()))) {
            s = Strings(fk, fv, &values);
          } else if (fv.is_integer()) {
            values.push_back(absl::StrCat(fv.as_integer()->get()));
          } else if (fv.is_floating_point()) {
            values.push_back(absl::StrCat(fv.as_floating_point()->get()));
          } else {
            values.emplace_back();
            s = String(fk, fv, &values.back());
          }
          if (!s.ok()) return s;
          m.defaults[std::string(fk.str())] = std::move(values);
        }
      } else if (name == "fields") {
        const auto* t = v.as_table();
        if (t == nullptr) return Error(v, "\"fields\": expected a table");
        for (auto&& [fk, fv] : *t) {
          if (absl::Status c = CheckField(fk); !c.ok()) return c;
          FieldSource src;
          if (absl::Status f = Field(fk, fv, &src); !f.ok()) return f;
          m.fields[std::string(fk.str())] = std::move(src);
        }
      } else {
        s = Error(k, absl::StrCat("unknown key \"", name,
                                  "\" (known: format, delimiter, encoding, records, "
                                  "list_separator, keep_unmapped, drop, defaults, fields)"));
      }
      if (!s.ok()) return s;
    }
    return m;
  }

 private:
  std::string file_;
};

}  // namespace

const std::vector<std::string>& RecordFieldNames() {
  static const auto* kNames = new std::vector<std::string>{
      "id",     "kind",   "title",     "text",  "date",         "lang",       "url",
      "source", "name",   "sectors",   "city",  "organisation", "clusters",   "skills",
      "size",   "funder", "programme", "opens", "deadline",     "budget_eur", "themes"};
  return *kNames;
}

bool IsListField(absl::string_view field) {
  return field == "sectors" || field == "clusters" || field == "skills" || field == "themes";
}

bool IsDateField(absl::string_view field) {
  return field == "date" || field == "opens" || field == "deadline";
}

absl::StatusOr<Mapping> ParseMapping(absl::string_view toml_text, absl::string_view file_name) {
  MEUTE_ASSIGN_OR_RETURN(const toml::table root, ParseToml(toml_text, file_name));
  return MappingParser(file_name).Parse(root);
}

absl::StatusOr<Mapping> LoadMapping(absl::string_view path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (!text.ok()) return text.status();
  return ParseMapping(*text, path);
}

Mapping IdentityMapping(const std::vector<std::string>& columns) {
  Mapping m;
  for (const std::string& column : columns) {
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(column));
    for (const std::string& field : RecordFieldNames()) {
      if (name == field && m.fields.count(field) == 0) {
        m.fields[field].from.push_back(column);
      }
    }
  }
  return m;
}

}  // namespace meute::ingest
