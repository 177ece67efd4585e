// JSON form of a digest (doc/digest.md). Keys are written in a fixed order
// (nlohmann::ordered_json) and numbers rounded to 4 decimals, so the output is
// stable and diffs stay readable.

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "digest/digest.h"
#include "digest/digest_html_common.h"
#include "digest/digest_render.h"

namespace meute::digest {
namespace {

using Json = nlohmann::ordered_json;

double Round4(double v) { return std::isfinite(v) ? std::round(v * 1e4) / 1e4 : 0.0; }

template <typename T>
Json Optional(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json ClusterRef(const DigestClusterRef& c) { return Json{{"id", c.id}, {"name", c.name}}; }

Json Member(const DigestMember& m) {
  return Json{{"id", m.id}, {"name", m.name}, {"cluster_id", m.cluster_id}, {"skills", m.skills}};
}

template <typename T, typename Fn>
Json Array(const std::vector<T>& items, Fn fn) {
  Json out = Json::array();
  for (const T& item : items) out.push_back(fn(item));
  return out;
}

Json Call(const DigestCall& c) {
  Json consortium = nullptr;
  if (c.consortium) {
    consortium = Json{{"parts", Array(c.consortium->parts,
                                      [](const DigestConsortiumPart& p) {
                                        return Json{{"cluster", ClusterRef(p.cluster)},
                                                    {"members", Array(p.members, Member)},
                                                    {"brings", p.brings}};
                                      })},
                      {"uncovered", c.consortium->uncovered}};
  }
  std::optional<double> budget = c.budget_eur;
  return Json{{"id", c.id},
              {"title", c.title},
              {"funder", c.funder},
              {"programme", c.programme},
              {"url", c.url},
              {"opens", c.opens},
              {"deadline", c.deadline},
              {"days_left", Optional(c.days_left)},
              {"budget_eur", Optional(budget)},
              {"is_new", c.is_new},
              {"closing_soon", c.closing_soon},
              {"score", Round4(c.score)},
              {"reasons", c.reasons},
              {"consortium", consortium}};
}

Json Theme(const DigestTheme& t) {
  return Json{{"id", t.id},
              {"label", t.label},
              {"size", t.size},
              {"transversality", Round4(t.transversality)},
              {"trend", Round4(t.trend)},
              {"rising", t.rising},
              {"involvement", Round4(t.involvement)},
              {"clusters", Array(t.clusters, ClusterRef)}};
}

Json CallRef(const DigestCallRef& c) {
  return Json{{"id", c.id},
              {"title", c.title},
              {"deadline", c.deadline},
              {"days_left", Optional(c.days_left)}};
}

Json Partner(const DigestPartner& p) {
  return Json{{"cluster", ClusterRef(p.cluster)},    {"score", Round4(p.score)},
              {"shared_themes", p.shared_themes},    {"calls", Array(p.calls, CallRef)},
              {"members", Array(p.members, Member)}, {"terms", p.terms}};
}

Json News(const DigestNews& n) {
  return Json{
      {"id", n.id},   {"title", n.title},     {"source", n.source},   {"date", n.date},
      {"url", n.url}, {"excerpt", n.excerpt}, {"reasons", n.reasons}, {"score", Round4(n.score)}};
}

Json Buyer(const DigestBuyer& b) {
  return Json{{"news_id", b.news_id},
              {"title", b.title},
              {"source", b.source},
              {"date", b.date},
              {"url", b.url},
              {"buyer", b.buyer},
              {"need", b.need},
              {"members", Array(b.members, Member)},
              {"group", Array(b.group, ClusterRef)},
              {"score", Round4(b.score)}};
}

// ---- Parsing ---------------------------------------------------------------

// nlohmann's value() on a null or missing key gives the default.
template <typename T>
T Get(const Json& j, const char* key, T fallback = T()) {
  if (!j.is_object()) return fallback;
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->get<T>();
}

template <typename T>
std::optional<T> GetOptional(const Json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

template <typename T, typename Fn>
std::vector<T> GetArray(const Json& j, const char* key, Fn fn) {
  std::vector<T> out;
  if (!j.is_object()) return out;
  const auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const Json& item : *it) out.push_back(fn(item));
  return out;
}

DigestClusterRef ParseClusterRef(const Json& j) {
  return {Get<std::string>(j, "id"), Get<std::string>(j, "name")};
}

DigestMember ParseMember(const Json& j) {
  return {Get<std::string>(j, "id"), Get<std::string>(j, "name"), Get<std::string>(j, "cluster_id"),
          Get<std::vector<std::string>>(j, "skills")};
}

}  // namespace

std::string DigestToJson(const Digest& d) {
  Json j{{"format_version", d.format_version},
         {"week", d.week},
         {"today", d.today},
         {"week_end", d.week_end},
         {"closing_window_days", d.closing_window_days},
         {"cluster", Json{{"id", d.cluster.id},
                          {"name", d.cluster.name},
                          {"city", d.city},
                          {"sectors", d.sectors},
                          {"member_count", d.member_count}}},
         {"subject", DigestSubject(d)},
         {"headline", DigestHeadline(d)},
         {"open_calls", d.open_calls},
         {"calls", Array(d.calls, Call)},
         {"partners", Array(d.partners, Partner)},
         {"themes", Array(d.themes, Theme)},
         {"buyers", Array(d.buyers, Buyer)},
         {"news", Array(d.news, News)}};
  // Suggestion ids and feedback (feedback/suggestion_id.h), at the end of
  // each object so that older readers see the same keys first.
  for (size_t i = 0; i < d.calls.size(); ++i) {
    j["calls"][i]["suggestion_id"] =
        SuggestionIdOf(d, feedback::SuggestionKind::kCall, d.calls[i].id);
    j["calls"][i]["feedback_note"] = d.calls[i].feedback_note;
  }
  for (size_t i = 0; i < d.partners.size(); ++i) {
    j["partners"][i]["suggestion_id"] =
        SuggestionIdOf(d, feedback::SuggestionKind::kPartner, d.partners[i].cluster.id);
    j["partners"][i]["feedback_note"] = d.partners[i].feedback_note;
  }
  for (size_t i = 0; i < d.buyers.size(); ++i) {
    j["buyers"][i]["suggestion_id"] =
        SuggestionIdOf(d, feedback::SuggestionKind::kBuyer, d.buyers[i].news_id);
  }
  Json notes = Json::array();
  for (const DigestFeedbackNote& n : d.feedback_notes)
    notes.push_back(Json{{"id", n.id}, {"text", n.text}});
  j["feedback_notes"] = std::move(notes);
  j["feedback_links"] =
      Json{{"mailto", d.feedback_links.mailto}, {"url_template", d.feedback_links.url_template}};
  // Invalid UTF-8 is replaced rather than thrown on.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

absl::StatusOr<Digest> DigestFromJson(absl::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return absl::InvalidArgumentError("digest JSON is not a JSON object");
  }
  try {
    Digest d;
    d.format_version = Get<int>(j, "format_version", 0);
    if (d.format_version > kDigestFormatVersion) {
      return absl::FailedPreconditionError(
          absl::StrCat("digest JSON has format_version ", d.format_version,
                       "; this build reads up to ", kDigestFormatVersion));
    }
    d.week = Get<std::string>(j, "week");
    d.today = Get<std::string>(j, "today");
    d.week_end = Get<std::string>(j, "week_end");
    d.closing_window_days = Get<int>(j, "closing_window_days", 30);
    const Json cluster = j.value("cluster", Json::object());
    d.cluster = ParseClusterRef(cluster);
    d.city = Get<std::string>(cluster, "city");
    d.sectors = Get<std::vector<std::string>>(cluster, "sectors");
    d.member_count = Get<int>(cluster, "member_count");
    d.open_calls = Get<int>(j, "open_calls");
    d.calls = GetArray<DigestCall>(j, "calls", [](const Json& c) {
      DigestCall call;
      call.id = Get<std::string>(c, "id");
      call.title = Get<std::string>(c, "title");
      call.funder = Get<std::string>(c, "funder");
      call.programme = Get<std::string>(c, "programme");
      call.url = Get<std::string>(c, "url");
      call.opens = Get<std::string>(c, "opens");
      call.deadline = Get<std::string>(c, "deadline");
      call.days_left = GetOptional<int>(c, "days_left");
      call.budget_eur = GetOptional<double>(c, "budget_eur");
      call.is_new = Get<bool>(c, "is_new");
      call.closing_soon = Get<bool>(c, "closing_soon");
      call.score = Get<double>(c, "score");
      call.reasons = Get<std::vector<std::string>>(c, "reasons");
      call.feedback_note = Get<std::string>(c, "feedback_note");
      const auto cons = c.find("consortium");
      if (cons != c.end() && cons->is_object()) {
        DigestConsortium consortium;
        consortium.parts = GetArray<DigestConsortiumPart>(*cons, "parts", [](const Json& p) {
          return DigestConsortiumPart{ParseClusterRef(p.value("cluster", Json::object())),
                                      GetArray<DigestMember>(p, "members", ParseMember),
                                      Get<std::vector<std::string>>(p, "brings")};
        });
        consortium.uncovered = Get<std::vector<std::string>>(*cons, "uncovered");
        call.consortium = std::move(consortium);
      }
      return call;
    });
    d.partners = GetArray<DigestPartner>(j, "partners", [](const Json& p) {
      DigestPartner partner;
      partner.cluster = ParseClusterRef(p.value("cluster", Json::object()));
      partner.score = Get<double>(p, "score");
      partner.shared_themes = Get<std::vector<std::string>>(p, "shared_themes");
      partner.calls = GetArray<DigestCallRef>(p, "calls", [](const Json& c) {
        return DigestCallRef{Get<std::string>(c, "id"), Get<std::string>(c, "title"),
                             Get<std::string>(c, "deadline"), GetOptional<int>(c, "days_left")};
      });
      partner.members = GetArray<DigestMember>(p, "members", ParseMember);
      partner.terms = Get<std::vector<std::string>>(p, "terms");
      partner.feedback_note = Get<std::string>(p, "feedback_note");
      return partner;
    });
    d.themes = GetArray<DigestTheme>(j, "themes", [](const Json& t) {
      DigestTheme theme;
      theme.id = Get<std::string>(t, "id");
      theme.label = Get<std::string>(t, "label");
      theme.size = Get<int>(t, "size");
      theme.transversality = Get<double>(t, "transversality");
      theme.trend = Get<double>(t, "trend");
      theme.rising = Get<bool>(t, "rising");
      theme.involvement = Get<double>(t, "involvement");
      theme.clusters = GetArray<DigestClusterRef>(t, "clusters", ParseClusterRef);
      return theme;
    });
    d.buyers = GetArray<DigestBuyer>(j, "buyers", [](const Json& b) {
      DigestBuyer buyer;
      buyer.news_id = Get<std::string>(b, "news_id");
      buyer.title = Get<std::string>(b, "title");
      buyer.source = Get<std::string>(b, "source");
      buyer.date = Get<std::string>(b, "date");
      buyer.url = Get<std::string>(b, "url");
      buyer.buyer = Get<std::string>(b, "buyer");
      buyer.need = Get<std::string>(b, "need");
      buyer.members = GetArray<DigestMember>(b, "members", ParseMember);
      buyer.group = GetArray<DigestClusterRef>(b, "group", ParseClusterRef);
      buyer.score = Get<double>(b, "score");
      return buyer;
    });
    d.news = GetArray<DigestNews>(j, "news", [](const Json& n) {
      DigestNews news;
      news.id = Get<std::string>(n, "id");
      news.title = Get<std::string>(n, "title");
      news.source = Get<std::string>(n, "source");
      news.date = Get<std::string>(n, "date");
      news.url = Get<std::string>(n, "url");
      news.excerpt = Get<std::string>(n, "excerpt");
      news.reasons = Get<std::vector<std::string>>(n, "reasons");
      news.score = Get<double>(n, "score");
      return news;
    });
    d.feedback_notes = GetArray<DigestFeedbackNote>(j, "feedback_notes", [](const Json& n) {
      return DigestFeedbackNote{Get<std::string>(n, "id"), Get<std::string>(n, "text")};
    });
    const Json links = j.value("feedback_links", Json::object());
    d.feedback_links.mailto = Get<std::string>(links, "mailto");
    d.feedback_links.url_template = Get<std::string>(links, "url_template");
    return d;
  } catch (const Json::exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("digest JSON has a field of the wrong type: ", e.what()));
  }
}

}  // namespace meute::digest
