// Prints everything a Xapian database holds, in a stable order, so that two
// builds can be compared byte for byte (`cmp`): per document its id, data,
// values, and terms with wdf and positions; then the spelling dictionary
// (word and frequency) and the user metadata. Run by hand:
//
//   index_dump DB_DIR > a.dump
#include <iostream>
#include <string>

#include <xapian.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: index_dump DB_DIR\n";
    return 2;
  }
  try {
    Xapian::Database db(argv[1]);
    std::cout << "docs " << db.get_doccount() << " last " << db.get_lastdocid() << " len "
              << db.get_total_length() << '\n';
    for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
      const Xapian::Document doc = db.get_document(*p);
      std::cout << '#' << *p << ' ' << doc.get_data() << '\n';
      for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v) {
        std::cout << " v" << v.get_valueno() << '=' << *v;
      }
      for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        std::cout << ' ' << *t << ':' << t.get_wdf();
        for (Xapian::PositionIterator pos = t.positionlist_begin(); pos != t.positionlist_end();
             ++pos) {
          std::cout << ',' << *pos;
        }
      }
      std::cout << '\n';
    }
    std::cout << "spelling\n";
    for (Xapian::TermIterator s = db.spellings_begin(); s != db.spellings_end(); ++s) {
      std::cout << *s << ' ' << s.get_termfreq() << '\n';
    }
    std::cout << "metadata\n";
    for (Xapian::TermIterator m = db.metadata_keys_begin(); m != db.metadata_keys_end(); ++m) {
      std::cout << *m << '=' << db.get_metadata(*m) << '\n';
    }
  } catch (const Xapian::Error& e) {
    std::cerr << "index_dump: " << argv[1] << ": " << e.get_description() << '\n';
    return 1;
  }
  return 0;
}
