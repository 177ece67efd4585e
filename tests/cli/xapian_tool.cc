// A test helper for the end-to-end tests: does to a Meute index what meute
// itself never does.
//   meute_xapian_tool hold DB               holds the writer lock until stdin closes
//   meute_xapian_tool set-metadata DB K V   overwrites one metadata entry
//   meute_xapian_tool count DB              prints the number of documents

#include <iostream>
#include <string>

#include <xapian.h>

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "hold" && argc == 3) {
      Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OPEN);
      std::cout << "locked" << std::endl;
      std::string line;
      while (std::getline(std::cin, line)) {
      }
      return 0;
    }
    if (mode == "set-metadata" && argc == 5) {
      Xapian::WritableDatabase db(argv[2], Xapian::DB_OPEN);
      db.set_metadata(argv[3], argv[4]);
      db.commit();
      return 0;
    }
    if (mode == "count" && argc == 3) {
      std::cout << Xapian::Database(argv[2]).get_doccount() << '\n';
      return 0;
    }
    std::cerr << "usage: meute_xapian_tool hold DB | set-metadata DB KEY VALUE | count DB\n";
    return 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "meute_xapian_tool: " << e.get_description() << '\n';
    return 1;
  }
}
