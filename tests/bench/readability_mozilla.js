// Mozilla Readability on each HTML file named on the command line: one JSON
// object a line ({"file", "title", "content"}). Needs @mozilla/readability
// and jsdom on NODE_PATH (see tests/bench/readability_vs_mozilla.py).
"use strict";
const fs = require("fs");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

for (const file of process.argv.slice(2)) {
  let out = { file, title: "", content: "" };
  try {
    const html = fs.readFileSync(file, "utf8");
    // The URL Readability's own test suite uses for these pages.
    const dom = new JSDOM(html, {
      url: "http://fakehost/test/page.html",
      virtualConsole: new VirtualConsole(),
    });
    const article = new Readability(dom.window.document).parse();
    if (article) out = { file, title: article.title || "", content: article.content || "" };
  } catch (e) {
    out.error = String(e);
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}
