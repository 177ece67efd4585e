#include "nightly/report.h"

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace meute::nightly {
namespace {

using json = nlohmann::json;

double Round3(double v) { return static_cast<double>(static_cast<int64_t>(v * 1000 + 0.5)) / 1000; }

}  // namespace

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kOk:
      return "ok";
    case RunStatus::kPartial:
      return "partial";
    case RunStatus::kError:
      return "error";
    case RunStatus::kLocked:
      return "locked";
  }
  return "error";
}

std::string RunReport::ToJson() const {
  json sources_json = json::array();
  for (const SourceReport& s : sources) {
    json one = {{"name", s.name},
                {"location", s.location},
                {"status", s.ok ? "ok" : "failed"},
                {"fetch", s.fetch},
                {"files", s.files},
                {"bytes", s.bytes},
                {"read", s.read},
                {"rejected", s.rejected},
                {"warnings", s.warnings},
                {"skipped_unchanged", s.skipped_unchanged},
                {"queued", s.queued},
                {"deleted", s.deleted},
                {"duration_s", Round3(s.duration_s)},
                {"files_unreadable", s.files_unreadable},
                {"unreadable", s.unreadable},
                {"skipped", s.skipped}};
    if (!s.error.empty()) one["error"] = s.error;
    sources_json.push_back(std::move(one));
  }
  json rejects_json = json::array();
  for (const Reject& r : rejects) {
    rejects_json.push_back(
        {{"source", r.source}, {"file", r.file}, {"line", r.line}, {"message", r.message}});
  }
  json j = {{"version", 1},
            {"status", RunStatusName(status)},
            {"exit_code", exit_code},
            {"config", config},
            {"index", index},
            {"shards", shards},
            {"rebuild", rebuild},
            {"started", started},
            {"finished", finished},
            {"duration_s", Round3(duration_s)},
            {"durations_s",
             {{"fetch", Round3(fetch_s)},
              {"index", Round3(index_s)},
              {"commit", Round3(commit_s)},
              {"state", Round3(state_s)},
              {"model", Round3(model_s)}}},
            {"counts",
             {{"read", read},
              {"added", added},
              {"updated", updated},
              {"unchanged", unchanged},
              {"deleted", deleted},
              {"rejected", rejected},
              {"warnings", warnings},
              {"analysed", analysed},
              {"files_unreadable", files_unreadable}}},
            {"documents", documents},
            {"model", model},
            {"sources", std::move(sources_json)},
            {"rejects", std::move(rejects_json)},
            {"rejects_truncated", rejects_truncated}};
  if (!error.empty()) j["error"] = error;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string RunReport::SummaryLine() const {
  if (status == RunStatus::kLocked || status == RunStatus::kError) {
    return absl::StrCat("meute nightly: ", RunStatusName(status), ": ", error);
  }
  int failed = 0;
  for (const SourceReport& s : sources) failed += s.ok ? 0 : 1;
  std::string line = absl::StrFormat("meute nightly: %s: %d source%s", RunStatusName(status),
                                     sources.size(), sources.size() == 1 ? "" : "s");
  if (failed > 0) absl::StrAppend(&line, " (", failed, " failed)");
  absl::StrAppendFormat(&line,
                        ", %d records read, %d indexed, %d unchanged, %d deleted, %d rejected (%d "
                        "added, %d updated)",
                        read, added + updated, unchanged, deleted, rejected, added, updated);
  if (files_unreadable > 0) {
    absl::StrAppend(&line, files_unreadable == 1
                               ? ", 1 file unreadable"
                               : absl::StrCat(", ", files_unreadable, " files unreadable"));
  }
  absl::StrAppendFormat(&line, " in %.1f s", duration_s);
  if (duration_s > 0 && read > 0) {
    absl::StrAppendFormat(&line, " (%.0f records/s)", static_cast<double>(read) / duration_s);
  }
  absl::StrAppendFormat(&line, "; index %s holds %d documents", index, documents);
  if (shards > 1) absl::StrAppendFormat(&line, " in %d shards", shards);
  return line;
}

}  // namespace meute::nightly
