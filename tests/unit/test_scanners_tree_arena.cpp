// TreeArena: tree-sitter's memory for one file, given back at once.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "scanners/engine/python_tree.hpp"
#include "scanners/engine/tree_arena.hpp"

using namespace gilfree::scanners;

TEST_CASE("an arena keeps blocks apart, aligned, and realloc keeps their bytes") {
  TreeArena arena;
  auto* a = static_cast<char*>(arena.allocate(10));
  auto* b = static_cast<char*>(arena.allocate(3));
  CHECK(reinterpret_cast<std::uintptr_t>(a) % 16 == 0);
  CHECK(reinterpret_cast<std::uintptr_t>(b) % 16 == 0);
  CHECK(b >= a + 10);
  std::memcpy(a, "0123456789", 10);
  auto* grown = static_cast<char*>(arena.reallocate(a, 5000));
  CHECK(std::memcmp(grown, "0123456789", 10) == 0);
  auto* shrunk = static_cast<char*>(arena.reallocate(grown, 4));
  CHECK(std::memcmp(shrunk, "0123", 4) == 0);
  CHECK(arena.owns(a));
  CHECK(arena.owns(shrunk));
  int outside = 0;
  CHECK(!arena.owns(&outside));
}

TEST_CASE("an arena grows its newest block in place and takes back a freed newest block") {
  TreeArena arena;
  auto* a = static_cast<char*>(arena.allocate(8));
  std::memcpy(a, "abcdefgh", 8);
  CHECK(arena.reallocate(a, 400) == a);  // the newest: grown where it is
  CHECK(std::memcmp(a, "abcdefgh", 8) == 0);
  auto* b = static_cast<char*>(arena.allocate(16));
  CHECK(b >= a + 400);
  auto* moved = static_cast<char*>(arena.reallocate(a, 800));  // no longer the newest: copied
  CHECK(moved != a);
  CHECK(std::memcmp(moved, "abcdefgh", 8) == 0);
  arena.release(moved);
  CHECK(arena.allocate(32) == moved);  // the newest block's room is taken again
  arena.release(b);                    // an older block: its room waits for the arena's end
  CHECK(arena.allocate(16) != b);
}

TEST_CASE("an arena grows by chunks for blocks larger than its first one") {
  TreeArena arena;
  auto* big = static_cast<char*>(arena.allocate(std::size_t{3} << 20));
  std::memset(big, 7, std::size_t{3} << 20);
  CHECK(arena.owns(big + (std::size_t{3} << 20) - 1));
  CHECK(arena.reserved_bytes() >= (std::size_t{3} << 20));
}

TEST_CASE("small files parse into an arena and large ones node by node, to the same tree") {
  std::string small = "def f(x):\n    return x + 1\n";
  std::string large;
  while (large.size() < (std::size_t{600} << 10)) large += small;
  PythonTree a(small), b(large);
  CHECK(std::string(ts_node_type(a.root())) == "module");
  CHECK(ts_node_named_child_count(b.root()) == large.size() / small.size());
  CHECK(a.first_error_line() == 0);
  CHECK(b.first_error_line() == 0);
  char* s_expression = ts_node_string(ts_node_named_child(a.root(), 0));
  char* repeated = ts_node_string(ts_node_named_child(b.root(), 7));
  CHECK(std::string(s_expression) == std::string(repeated));
  std::free(s_expression);
  std::free(repeated);
}

TEST_CASE("many trees in turn on one thread reuse the arena's chunks") {
  std::string source = "import threading\ncounter = 0\ndef bump():\n    global counter\n    counter += 1\n";
  for (int i = 0; i < 200; ++i) {
    PythonTree tree(source);
    REQUIRE(ts_node_named_child_count(tree.root()) == 3);
  }
}
