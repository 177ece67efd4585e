// The digest's picture: the cluster in the middle of its suggested partners,
// each link labelled with the themes the two share. As SVG (the HTML page),
// as PNG drawn from that SVG by librsvg (the e-mail), or as a table (the
// e-mail when librsvg is absent).

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "digest/digest.h"
#include "digest/digest_html_common.h"
#include "digest/digest_render.h"
#include "digest/digest_text.h"

#ifdef MEUTE_HAVE_RSVG_HEADERS
#include <cairo.h>
#include <librsvg/rsvg.h>
#endif

namespace meute::digest {
namespace {

std::string H(absl::string_view s) { return EscapeHtmlText(s); }

// Geometry, in viewBox units. The viewBox is kWidth wide and the page shows
// it at its container's width: 312 px on a 360 px phone (the page's
// margins), where a font size of 14 is 12.1 px.
constexpr double kWidth = 360;
constexpr double kFont = 14;    // Every text of the picture.
constexpr double kLine = 17;    // Line height.
constexpr double kCharW = 8.3;  // Average advance of 14-unit DejaVu Sans (0.59 em).
constexpr double kBoldW = 9.5;  // Same, bold (0.68 em).
constexpr double kTrunkX = 12;  // The vertical line every link leaves from.
constexpr double kHubX = 24, kHubW = 332;
constexpr double kLabelX = 24, kLabelW = 184;
constexpr double kPartnerX = 216, kPartnerW = 140;
constexpr double kPad = 6;   // Inside boxes.
constexpr double kGap = 10;  // Between rows.
constexpr size_t kMaxPartners = 4;
constexpr size_t kMaxLinkThemes = 2;

size_t CharsFor(double box_width, double char_width) {
  return static_cast<size_t>(std::max(4.0, std::floor((box_width - 2 * kPad) / char_width)));
}

struct Row {
  std::vector<std::string> partner;  // Lines of the partner's name.
  std::vector<std::string> label;    // Lines of the link's label.
  bool named = false;                // The label names shared themes.
  double y = 0, h = 0;               // The row's band.
};

// The themes on link `p`: its first shared themes, or a note that none is
// named.
std::vector<std::string> LinkThemes(const DigestPartner& p, bool* named) {
  std::vector<std::string> themes;
  for (const std::string& t : p.shared_themes) {
    if (themes.size() < kMaxLinkThemes) themes.push_back(CollapseSpaces(t));
  }
  *named = !themes.empty();
  if (!*named) themes.push_back("sans thème commun nommé");
  return themes;
}

// The lines of link `p`'s label: each theme wrapped on its own lines.
std::vector<std::string> LinkLines(const DigestPartner& p, bool* named) {
  std::vector<std::string> lines;
  for (const std::string& theme : LinkThemes(p, named)) {
    for (std::string& line : WrapText(theme, CharsFor(kLabelW, kCharW))) {
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

std::string TextLines(double x, double center_y, const std::vector<std::string>& lines,
                      const char* colour, bool bold, bool italic) {
  std::string out = absl::StrFormat(
      "<text x=\"%.1f\" font-size=\"%.0f\" fill=\"%s\" text-anchor=\"middle\"%s%s>", x, kFont,
      colour, bold ? " font-weight=\"700\"" : "", italic ? " font-style=\"italic\"" : "");
  const double top = center_y - kLine * (static_cast<double>(lines.size()) - 1) / 2 + kFont * 0.35;
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::StrAppend(
        &out,
        absl::StrFormat("<tspan x=\"%.1f\" y=\"%.1f\">", x, top + kLine * static_cast<double>(i)),
        H(lines[i]), "</tspan>");
  }
  absl::StrAppend(&out, "</text>");
  return out;
}

double BoxHeight(size_t lines) { return kLine * static_cast<double>(lines) + 2 * kPad; }

}  // namespace

namespace {

// The picture and its height in viewBox units (its width is kWidth).
std::string Svg(const Digest& d, double* height_out) {
  // Rows top to bottom: the first half of the partners, the cluster, the
  // others; so the cluster sits in the middle of its partners, each partner
  // on its own row with the themes of its link, the best one first.
  const size_t n = std::min(d.partners.size(), kMaxPartners);
  const size_t above = (n + 1) / 2;
  std::vector<Row> rows(n);
  const std::vector<std::string> hub = WrapText(d.cluster.name, CharsFor(kHubW, kBoldW));
  const double hub_h = BoxHeight(hub.size());
  double y = 8, hub_y = 8;
  for (size_t i = 0; i <= n; ++i) {
    if (i == above) {
      hub_y = y;
      y += hub_h + kGap;
    }
    if (i == n) break;
    Row& r = rows[i];
    r.partner = WrapText(d.partners[i].cluster.name, CharsFor(kPartnerW, kBoldW));
    r.label = LinkLines(d.partners[i], &r.named);
    r.h = BoxHeight(std::max(r.partner.size(), r.label.size()));
    r.y = y;
    y += r.h + kGap;
  }
  if (n == 0) y += kLine + kGap;  // The note that there is no partner.
  const double legend_y = y + 14;
  const double height = legend_y + 8;
  *height_out = height;
  const double hub_cy = hub_y + hub_h / 2;

  std::string out = absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
      "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"pic-title\" "
      "font-family=\"'DejaVu Sans',Verdana,system-ui,sans-serif\">",
      kWidth, height, kWidth, height);
  absl::StrAppend(&out, "<title id=\"pic-title\">", H(d.cluster.name),
                  ", ses partenaires suggérés et les thèmes que vous partagez</title>",
                  "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
  // Links, under the boxes: from the cluster's left side along the trunk to
  // the row, then through the label to the partner; thicker for a better
  // partner, dashed without a named theme.
  for (size_t i = 0; i < n; ++i) {
    const Row& r = rows[i];
    const double py = r.y + r.h / 2;
    const double width = 1.5 + 3.0 * std::clamp(d.partners[i].score, 0.0, 1.0);
    absl::StrAppend(
        &out,
        absl::StrFormat("<path d=\"M%.1f %.1fH%.1fV%.1fH%.1f\" fill=\"none\" "
                        "stroke=\"#7fc8c0\" stroke-width=\"%.1f\" stroke-linejoin=\"round\"%s/>",
                        kHubX, hub_cy, kTrunkX, py, kPartnerX, width,
                        r.named ? "" : " stroke-dasharray=\"4 4\""));
  }
  absl::StrAppend(&out,
                  absl::StrFormat("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                                  "rx=\"12\" fill=\"#2b2f77\"/>",
                                  kHubX, hub_y, kHubW, hub_h),
                  TextLines(kHubX + kHubW / 2, hub_cy, hub, "#ffffff", true, false));
  for (size_t i = 0; i < n; ++i) {
    const Row& r = rows[i];
    const double cy = r.y + r.h / 2;
    absl::StrAppend(
        &out,
        absl::StrFormat("<g class=\"link\"><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" "
                        "width=\"%.1f\" height=\"%.1f\" rx=\"9\" fill=\"#fff3d6\" "
                        "stroke=\"#f2a516\"/>",
                        H(absl::StrJoin(d.partners[i].shared_themes, " ; ")), kLabelX, r.y, kLabelW,
                        r.h),
        TextLines(kLabelX + kLabelW / 2, cy, r.label, r.named ? "#6b3a00" : "#5b6275", false,
                  !r.named),
        "</g>");
    absl::StrAppend(
        &out,
        absl::StrFormat("<g class=\"partner\"><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" "
                        "width=\"%.1f\" height=\"%.1f\" rx=\"9\" fill=\"#0f766e\"/>",
                        H(d.partners[i].cluster.name), kPartnerX, r.y, kPartnerW, r.h),
        TextLines(kPartnerX + kPartnerW / 2, cy, r.partner, "#ffffff", true, false), "</g>");
  }
  if (n == 0) {
    absl::StrAppend(&out, TextLines(kWidth / 2, hub_y + hub_h + kGap + kLine / 2,
                                    {"Pas encore de partenaire suggéré"}, "#5b6275", false, true));
  }
  absl::StrAppend(
      &out,
      absl::StrFormat(
          "<g font-size=\"%.0f\" fill=\"#5b6275\"><rect x=\"4\" y=\"%.1f\" width=\"11\" "
          "height=\"11\" rx=\"3\" fill=\"#fff3d6\" stroke=\"#f2a516\"/><text x=\"20\" "
          "y=\"%.1f\">thèmes communs</text><rect x=\"170\" y=\"%.1f\" width=\"11\" height=\"11\" "
          "rx=\"3\" fill=\"#0f766e\"/><text x=\"186\" y=\"%.1f\">partenaire suggéré</text></g>",
          kFont, legend_y - 10, legend_y, legend_y - 10, legend_y));
  absl::StrAppend(&out, "</svg>");
  return out;
}

}  // namespace

std::string RenderDigestSvg(const Digest& d) {
  double height = 0;
  return Svg(d, &height);
}

std::string RenderDigestPictureTable(const Digest& d) {
  const size_t n = std::min(d.partners.size(), kMaxPartners);
  std::string out =
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" "
      "style=\"border-collapse:collapse;font-size:14px;margin:0 0 8px\">";
  for (size_t i = 0; i < n; ++i) {
    bool named = false;
    const std::string label = absl::StrJoin(LinkThemes(d.partners[i], &named), " · ");
    absl::StrAppend(&out, "<tr>");
    if (i == 0) {
      absl::StrAppend(&out, "<td rowspan=\"", n,
                      "\" style=\"background:#2b2f77;color:#ffffff;font-weight:700;"
                      "text-align:center;vertical-align:middle;border-radius:10px;width:28%\">",
                      H(d.cluster.name), "</td>");
    }
    absl::StrAppend(&out, "<td style=\"color:#7fc8c0;width:4%;text-align:center\">—</td>",
                    "<td style=\"background:#fff3d6;border:1px solid #f2a516;color:",
                    named ? "#6b3a00" : "#5b6275;font-style:italic", ";text-align:center\">",
                    H(label), "</td><td style=\"color:#7fc8c0;width:4%;text-align:center\">→</td>",
                    "<td style=\"background:#0f766e;color:#ffffff;font-weight:700;text-align:"
                    "center;width:30%\">",
                    H(d.partners[i].cluster.name), "</td></tr>");
  }
  absl::StrAppend(&out, "</table>");
  return out;
}

#ifdef MEUTE_HAVE_RSVG_HEADERS
namespace {

// librsvg and cairo, loaded on first use (librsvg-2.so.2 maps cairo, pango,
// glib, fontconfig...: no other command should pay for them).
struct Rsvg {
  decltype(&rsvg_handle_new_from_data) new_from_data = nullptr;
  decltype(&rsvg_handle_render_document) render_document = nullptr;
  decltype(&g_object_unref) object_unref = nullptr;
  decltype(&g_error_free) error_free = nullptr;
  decltype(&cairo_image_surface_create) image_surface_create = nullptr;
  decltype(&cairo_create) create = nullptr;
  decltype(&cairo_status) status = nullptr;
  decltype(&cairo_destroy) destroy = nullptr;
  decltype(&cairo_surface_destroy) surface_destroy = nullptr;
  decltype(&cairo_surface_write_to_png_stream) write_to_png_stream = nullptr;
  std::string error;  // Why it is not usable; empty if it is.
  std::mutex mu;      // Rendering is serialised (fontconfig and pango caches).
};

template <typename Fn>
bool Bind(void* lib, const char* name, Fn* fn, std::string* error) {
  *fn = reinterpret_cast<Fn>(dlsym(lib, name));
  if (*fn == nullptr && error->empty()) error->assign(absl::StrCat("librsvg lacks ", name));
  return *fn != nullptr;
}

Rsvg& LoadRsvg() {
  static Rsvg* rsvg = [] {
    auto* r = new Rsvg;
    void* lib = dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = dlerror();
      r->error = absl::StrCat("librsvg is not installed (", why ? why : "dlopen failed", ")");
      return r;
    }
    Bind(lib, "rsvg_handle_new_from_data", &r->new_from_data, &r->error);
    Bind(lib, "rsvg_handle_render_document", &r->render_document, &r->error);
    Bind(lib, "g_object_unref", &r->object_unref, &r->error);
    Bind(lib, "g_error_free", &r->error_free, &r->error);
    Bind(lib, "cairo_image_surface_create", &r->image_surface_create, &r->error);
    Bind(lib, "cairo_create", &r->create, &r->error);
    Bind(lib, "cairo_status", &r->status, &r->error);
    Bind(lib, "cairo_destroy", &r->destroy, &r->error);
    Bind(lib, "cairo_surface_destroy", &r->surface_destroy, &r->error);
    Bind(lib, "cairo_surface_write_to_png_stream", &r->write_to_png_stream, &r->error);
    return r;
  }();
  return *rsvg;
}

cairo_status_t AppendPng(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

bool PictureRasterizerAvailable() { return LoadRsvg().error.empty(); }

namespace {

absl::StatusOr<std::string> SvgToPng(absl::string_view svg, int width_px, int height_px) {
  Rsvg& r = LoadRsvg();
  if (!r.error.empty()) return absl::FailedPreconditionError(r.error);
  if (width_px <= 0 || height_px <= 0 || width_px > 8192 || height_px > 8192) {
    return absl::InvalidArgumentError(
        absl::StrFormat("picture size %dx%d is not 1..8192 pixels", width_px, height_px));
  }
  std::lock_guard<std::mutex> lock(r.mu);
  GError* error = nullptr;
  RsvgHandle* handle =
      r.new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error);
  if (handle == nullptr) {
    std::string why = error != nullptr ? error->message : "unknown error";
    if (error != nullptr) r.error_free(error);
    return absl::InvalidArgumentError(absl::StrCat("librsvg cannot read the picture: ", why));
  }
  cairo_surface_t* surface = r.image_surface_create(CAIRO_FORMAT_ARGB32, width_px, height_px);
  cairo_t* cr = r.create(surface);
  const RsvgRectangle viewport{0, 0, static_cast<double>(width_px), static_cast<double>(height_px)};
  const gboolean ok = r.render_document(handle, cr, &viewport, &error);
  std::string png;
  absl::Status status;
  if (!ok) {
    status = absl::InternalError(absl::StrCat("librsvg cannot draw the picture: ",
                                              error != nullptr ? error->message : "unknown error"));
    if (error != nullptr) r.error_free(error);
  } else if (r.status(cr) != CAIRO_STATUS_SUCCESS ||
             r.write_to_png_stream(surface, AppendPng, &png) != CAIRO_STATUS_SUCCESS) {
    status = absl::InternalError("cairo cannot write the picture as PNG");
  }
  r.destroy(cr);
  r.surface_destroy(surface);
  r.object_unref(handle);
  if (!status.ok()) return status;
  return png;
}

}  // namespace
#else
bool PictureRasterizerAvailable() { return false; }

namespace {

absl::StatusOr<std::string> SvgToPng(absl::string_view, int, int) {
  return absl::FailedPreconditionError("this build has no librsvg (install librsvg2-dev)");
}

}  // namespace
#endif

absl::StatusOr<std::string> RenderDigestPng(const Digest& d) {
  double height = 0;
  const std::string svg = Svg(d, &height);
  // Twice the CSS size: sharp on phones' high-density screens.
  return SvgToPng(svg, static_cast<int>(2 * kWidth), static_cast<int>(std::lround(2 * height)));
}

}  // namespace meute::digest
