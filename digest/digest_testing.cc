#include "digest/digest_testing.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace meute::digest::testing {

Digest SampleDigest() {
  Digest d;
  d.week = "2026-W48";
  d.today = "2026-11-23";
  d.week_end = "2026-11-29";
  d.cluster = {"mipyrail", "Mipyrail"};
  d.city = "Toulouse";
  d.sectors = {"ferroviaire"};
  d.member_count = 21;
  d.open_calls = 7;

  DigestCall shuttles;
  shuttles.id = "call-readynov-navettes-autonomes-desserte-fine";
  shuttles.title = "Navettes autonomes sur les lignes de desserte fine du territoire";
  shuttles.funder = "Région Occitanie";
  shuttles.programme = "Readynov";
  shuttles.url = "https://appels.example.org/readynov/navettes-autonomes";
  shuttles.opens = "2026-07-06";
  shuttles.deadline = "2026-12-04";
  shuttles.days_left = 11;
  shuttles.budget_eur = 2'500'000;
  shuttles.closing_soon = true;
  shuttles.score = 0.82;
  shuttles.reasons = {"navettes autonomes", "desserte fine", "signalisation"};
  DigestConsortium consortium;
  consortium.parts.push_back(
      {{"mipyrail", "Mipyrail"},
       {{"m-railtech", "Rail’Tech Occitanie", "mipyrail", {"signalisation ferroviaire"}}},
       {"lignes de desserte fine", "signalisation"}});
  consortium.parts.push_back(
      {{"robotics-place", "Robotics Place"},
       {{"m-percept", "Perceptio Robotique", "robotics-place", {"perception 3D"}},
        {"m-navia", "Navia Systèmes", "robotics-place", {"navigation autonome"}}},
       {"perception et sécurité"}});
  consortium.parts.push_back({{"automotech", "Automotech"},
                              {{"m-vcx", "VéhiConnect", "automotech", {"véhicule connecté"}}},
                              {"véhicule connecté"}});
  consortium.uncovered = {"acceptabilité sociale"};
  shuttles.consortium = consortium;
  d.calls.push_back(shuttles);

  DigestCall cyber;
  cyber.id = "call-he-cyber-resilience-transport-embedded";
  cyber.title = "Cyber-resilience of embedded systems in rail and air transport";
  cyber.funder = "Commission européenne";
  cyber.programme = "Horizon Europe";
  cyber.url = "https://appels.example.org/he/cyber-resilience";
  cyber.opens = "2026-06-10";
  cyber.deadline = "2026-12-10";
  cyber.days_left = 17;
  cyber.budget_eur = 6'000'000;
  cyber.closing_soon = true;
  cyber.score = 0.64;
  cyber.reasons = {"cybersécurité", "systèmes embarqués critiques"};
  d.calls.push_back(cyber);

  DigestCall h2;
  h2.id = "call-region-ecosystemes-hydrogene-mobilites-lourdes";
  h2.title = "Écosystèmes hydrogène pour les mobilités lourdes";
  h2.funder = "Région Occitanie";
  h2.programme = "Plan hydrogène vert";
  h2.url = "https://appels.example.org/region/hydrogene-mobilites-lourdes";
  h2.opens = "2026-11-23";
  h2.deadline = "2027-03-05";
  h2.days_left = 102;
  h2.budget_eur = 800'000;
  h2.is_new = true;
  h2.score = 0.71;
  h2.reasons = {"trains à hydrogène", "piles à combustible"};
  d.calls.push_back(h2);

  DigestTheme hydrogen;
  hydrogen.id = "theme-07";
  hydrogen.label = "hydrogène, électrolyse, piles à combustible";
  hydrogen.size = 64;
  hydrogen.transversality = 0.78;
  hydrogen.trend = 2.4;
  hydrogen.rising = true;
  hydrogen.involvement = 0.35;
  hydrogen.clusters = {{"derbi", "DERBI"},
                       {"automotech", "Automotech"},
                       {"mipyrail", "Mipyrail"},
                       {"aerospace-valley", "Aerospace Valley"},
                       {"pole-mer-med", "Pôle Mer Méditerranée"},
                       {"trimatec", "Trimatec"},
                       {"digital-113", "Digital 113"}};
  d.themes.push_back(hydrogen);
  DigestTheme mobility;
  mobility.id = "theme-03";
  mobility.label = "navettes autonomes, desserte fine, véhicule connecté";
  mobility.size = 41;
  mobility.transversality = 0.66;
  mobility.trend = 1.3;
  mobility.rising = true;
  mobility.involvement = 0.6;
  mobility.clusters = {
      {"mipyrail", "Mipyrail"}, {"automotech", "Automotech"}, {"robotics-place", "Robotics Place"}};
  d.themes.push_back(mobility);

  DigestPartner robotics;
  robotics.cluster = {"robotics-place", "Robotics Place"};
  robotics.score = 0.81;
  robotics.shared_themes = {"navettes autonomes, desserte fine, véhicule connecté",
                            "maintenance prédictive"};
  robotics.calls = {{shuttles.id, shuttles.title, shuttles.deadline, 11}};
  robotics.members = {{"m-percept", "Perceptio Robotique", "robotics-place", {"perception 3D"}}};
  robotics.terms = {"perception", "inspection", "autonome"};
  d.partners.push_back(robotics);
  DigestPartner automotech;
  automotech.cluster = {"automotech", "Automotech"};
  automotech.score = 0.74;
  automotech.shared_themes = {"hydrogène, électrolyse, piles à combustible",
                              "navettes autonomes, desserte fine, véhicule connecté"};
  automotech.calls = {{h2.id, h2.title, h2.deadline, 102}};
  automotech.members = {{"m-vcx", "VéhiConnect", "automotech", {"véhicule connecté"}}};
  automotech.terms = {"hydrogène", "véhicule"};
  d.partners.push_back(automotech);
  DigestPartner digital;
  digital.cluster = {"digital-113", "Digital 113"};
  digital.score = 0.52;
  digital.shared_themes = {"cybersécurité des systèmes embarqués"};
  digital.calls = {{cyber.id, cyber.title, cyber.deadline, 17}};
  digital.terms = {"cybersécurité", "détection d’intrusion"};
  d.partners.push_back(digital);

  DigestNews n1;
  n1.id = "news-20261124-h2-club-cinq-clusters";
  n1.title = "Hydrogène : cinq clusters d’Occitanie montent un club commun";
  n1.source = "Midi Industrie Hebdo";
  n1.date = "2026-11-24";
  n1.url = "https://news.example.org/midi-industrie-hebdo/h2-club";
  n1.excerpt =
      "Le club réunira en janvier des industriels du rail, de l’automobile et de l’énergie autour "
      "des piles à combustible.";
  n1.reasons = {"hydrogène"};
  n1.score = 0.7;
  d.news.push_back(n1);
  DigestNews n2;
  n2.id = "news-20261119-ligne-montrejeau-luchon";
  n2.title = "Desserte fine : la ligne rouverte attire 20 % de voyageurs en plus";
  n2.source = "Rail & Territoires";
  n2.date = "2026-11-19";
  n2.url = "https://news.example.org/rail-territoires/ligne";
  n2.excerpt =
      "Un an après sa réouverture, la ligne affiche une fréquentation supérieure aux prévisions.";
  n2.reasons = {"desserte fine"};
  n2.score = 0.55;
  d.news.push_back(n2);

  DigestBuyer buyer;
  buyer.news_id = "news-20261118-sncf-like-buyer";
  buyer.title = "Un exploitant régional cherche des capteurs de voie";
  buyer.source = "Rail & Territoires";
  buyer.date = "2026-11-18";
  buyer.url = "https://news.example.org/rail-territoires/capteurs";
  buyer.buyer = "Exploitant des lignes régionales";
  buyer.need =
      "L’exploitant lance une consultation pour équiper 120 km de voie de capteurs de "
      "surveillance des rails.";
  buyer.members = {
      {"m-railtech", "Rail’Tech Occitanie", "mipyrail", {"surveillance de la voie", "capteurs"}}};
  buyer.score = 0.6;
  d.buyers.push_back(buyer);
  return d;
}

Digest HostileDigest() {
  const std::string script = "<script>alert(1)</script>";
  const std::string img = "<img src=x onerror=alert(1)>";
  const std::string quote = "\" onmouseover=\"alert(1)\" x='";
  const std::string js = "javascript:alert(1)";
  const std::string all =
      absl::StrCat(script, " ", img, " ", quote, " ", js, " \x01\x1b]0;x\x07 <!-- ");
  Digest d = SampleDigest();
  d.cluster.name = absl::StrCat("Mipyrail ", script);
  d.city = img;
  d.sectors = {all};
  for (DigestCall& c : d.calls) {
    c.title = all;
    c.funder = img;
    c.programme = quote;
    c.url = js;
    c.reasons = {script, img};
    if (c.consortium) {
      for (DigestConsortiumPart& p : c.consortium->parts) {
        p.cluster.name = all;
        for (DigestMember& m : p.members) {
          m.name = all;
          m.skills = {img};
        }
        p.brings = {script};
      }
      c.consortium->uncovered = {quote};
    }
  }
  d.calls[1].url = " JaVaScRiPt:alert(1)";
  d.calls[2].url = "https://ok.example/\"><script>alert(1)</script>";
  for (DigestTheme& t : d.themes) {
    t.label = all;
    for (DigestClusterRef& c : t.clusters) c.name = img;
  }
  for (DigestPartner& p : d.partners) {
    p.cluster.name = all;
    for (std::string& s : p.shared_themes) s = absl::StrCat(s, " ", script);
    for (DigestCallRef& c : p.calls) c.title = all;
    for (DigestMember& m : p.members) m.name = img;
    p.terms = {script, quote};
  }
  for (DigestNews& n : d.news) {
    n.title = all;
    n.source = img;
    n.url = "data:text/html,<script>alert(1)</script>";
    n.excerpt = all;
    n.reasons = {script};
  }
  d.news[1].url = "//evil.example/x";
  for (DigestBuyer& b : d.buyers) {
    b.title = all;
    b.buyer = script;
    b.need = all;
    b.source = img;
    b.url = js;
    for (DigestMember& m : b.members) {
      m.name = all;
      m.skills = {quote};
    }
  }
  return d;
}

Digest EmptyDigest() {
  Digest d;
  d.week = "2026-W02";
  d.today = "2026-01-05";
  d.week_end = "2026-01-11";
  d.cluster = {"cosmed", "Cosmed"};
  d.city = "Marseille";
  d.sectors = {"cosmétique", "ingrédients naturels"};
  return d;
}

}  // namespace meute::digest::testing
