#pragma once
// Memory for one file's syntax tree, taken in large chunks and given back all
// at once.
//
// Why: tree-sitter allocates every node on its own and ts_tree_delete() walks
// the whole tree again to free them one by one, a twentieth of the parse. A
// tree parsed into an arena is dropped with the arena instead, and its nodes
// lie in parse order in a few chunks, which the walks over it read faster.
//
// tree-sitter's allocator is process-wide (ts_set_allocator, installed before
// any tree-sitter allocation): it serves the arena active on the calling
// thread while a file is parsed, and the C library's malloc otherwise.
#include <cstddef>
#include <vector>

namespace gilfree::scanners {

class TreeArena {
 public:
  TreeArena() = default;
  ~TreeArena();  // gives the chunks back to this thread's spare list
  TreeArena(const TreeArena&) = delete;
  TreeArena& operator=(const TreeArena&) = delete;

  // While one lives, tree-sitter allocations on this thread come from `arena`.
  class Active {
   public:
    explicit Active(TreeArena& arena);
    ~Active();
    Active(const Active&) = delete;
    Active& operator=(const Active&) = delete;

   private:
    TreeArena* previous_;
  };

  void* allocate(std::size_t size);
  void* reallocate(void* block, std::size_t size);
  void release(void* block);  // a block this arena owns
  bool owns(const void* block) const;
  std::size_t reserved_bytes() const;

 private:
  struct Chunk {
    char* start = nullptr;
    std::size_t size = 0;
  };
  std::vector<Chunk> chunks_;
  char* next_ = nullptr;
  char* end_ = nullptr;
  char* last_ = nullptr;  // the newest block, which reallocate() may grow in place
};

// Installs the allocator (once; later calls do nothing). Must run before
// tree-sitter allocates anything: PythonTree's first parse calls it.
void install_tree_arena_allocator();

}  // namespace gilfree::scanners
