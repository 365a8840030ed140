#include "scanners/engine/tree_arena.hpp"

#include <tree_sitter/api.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace gilfree::scanners {
namespace {

constexpr std::size_t kFirstChunk = std::size_t{1} << 20;
constexpr std::size_t kAlignment = 16;
// Each block starts with its size, for realloc; kAlignment keeps the block aligned.
constexpr std::size_t kHeader = kAlignment;
// Spare chunks a thread keeps for its next file; beyond this they are freed.
constexpr std::size_t kSpareLimit = std::size_t{64} << 20;

thread_local TreeArena* active_arena = nullptr;

struct SpareChunks {
  std::vector<std::pair<char*, std::size_t>> chunks;
  std::size_t bytes = 0;
  ~SpareChunks() {
    for (auto& [start, size] : chunks) std::free(start);
  }
};
thread_local SpareChunks spare;

[[noreturn]] void out_of_memory(std::size_t size) {
  std::fprintf(stderr, "gilfree: out of memory allocating %zu bytes for a syntax tree\n", size);
  std::abort();
}

void* arena_malloc(std::size_t size) {
  if (active_arena) return active_arena->allocate(size);
  void* block = std::malloc(size);
  if (!block && size > 0) out_of_memory(size);
  return block;
}

void* arena_calloc(std::size_t count, std::size_t size) {
  if (active_arena) {
    if (size != 0 && count > SIZE_MAX / size) out_of_memory(SIZE_MAX);
    void* block = active_arena->allocate(count * size);
    std::memset(block, 0, count * size);
    return block;
  }
  void* block = std::calloc(count, size);
  if (!block && count > 0 && size > 0) out_of_memory(count * size);
  return block;
}

void* arena_realloc(void* block, std::size_t size) {
  if (active_arena && (block == nullptr || active_arena->owns(block))) return active_arena->reallocate(block, size);
  void* resized = std::realloc(block, size);
  if (!resized && size > 0) out_of_memory(size);
  return resized;
}

// A block of an arena is given back with the whole arena; tree-sitter frees
// only blocks of the active arena or of the C library.
void arena_free(void* block) {
  if (active_arena && active_arena->owns(block)) return active_arena->release(block);
  std::free(block);
}

}  // namespace

void install_tree_arena_allocator() {
  static std::once_flag installed;
  std::call_once(installed, [] { ts_set_allocator(arena_malloc, arena_calloc, arena_realloc, arena_free); });
}

namespace {
// At start-up, before any thread can allocate through tree-sitter.
const bool installed_at_start = (install_tree_arena_allocator(), true);
}  // namespace

TreeArena::Active::Active(TreeArena& arena) : previous_(active_arena) { active_arena = &arena; }
TreeArena::Active::~Active() { active_arena = previous_; }

TreeArena::~TreeArena() {
  for (auto& chunk : chunks_) {
    if (spare.bytes + chunk.size <= kSpareLimit) {
      spare.chunks.emplace_back(chunk.start, chunk.size);
      spare.bytes += chunk.size;
    } else {
      std::free(chunk.start);
    }
  }
}

void* TreeArena::allocate(std::size_t size) {
  std::size_t needed = kHeader + ((size + kAlignment - 1) & ~(kAlignment - 1));
  if (static_cast<std::size_t>(end_ - next_) < needed) {
    std::size_t chunk_size = chunks_.empty() ? kFirstChunk : chunks_.back().size * 2;
    while (chunk_size < needed) chunk_size *= 2;
    char* start = nullptr;
    for (std::size_t i = 0; i < spare.chunks.size(); ++i) {
      if (spare.chunks[i].second >= chunk_size) {
        start = spare.chunks[i].first;
        chunk_size = spare.chunks[i].second;
        spare.bytes -= chunk_size;
        spare.chunks.erase(spare.chunks.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
    if (!start) start = static_cast<char*>(std::aligned_alloc(kAlignment, chunk_size));
    if (!start) out_of_memory(chunk_size);
    chunks_.push_back(Chunk{start, chunk_size});
    next_ = start;
    end_ = start + chunk_size;
  }
  char* block = next_ + kHeader;
  std::memcpy(next_, &size, sizeof size);
  next_ += needed;
  last_ = block;
  return block;
}

void* TreeArena::reallocate(void* block, std::size_t size) {
  // The newest block grows where it is: tree-sitter's arrays grow by
  // reallocation, and a copy each time would leave the old blocks as gaps
  // between the tree's nodes.
  if (block && block == last_) {
    char* at = static_cast<char*>(block);
    std::size_t rounded = (size + kAlignment - 1) & ~(kAlignment - 1);
    if (static_cast<std::size_t>(end_ - at) >= rounded) {
      std::memcpy(at - kHeader, &size, sizeof size);
      next_ = at + rounded;
      return block;
    }
  }
  void* resized = allocate(size);
  if (block) {
    std::size_t old_size = 0;
    std::memcpy(&old_size, static_cast<char*>(block) - kHeader, sizeof old_size);
    std::memcpy(resized, block, old_size < size ? old_size : size);
  }
  return resized;
}

void TreeArena::release(void* block) {
  // Only the newest block's room is taken back (the parse frees many a
  // temporary right after taking it); the others wait for the arena's end.
  if (block != last_) return;
  next_ = static_cast<char*>(block) - kHeader;
  last_ = nullptr;
}

bool TreeArena::owns(const void* block) const {
  auto* at = static_cast<const char*>(block);
  for (const auto& chunk : chunks_) {
    if (at >= chunk.start && at < chunk.start + chunk.size) return true;
  }
  return false;
}

std::size_t TreeArena::reserved_bytes() const {
  std::size_t total = 0;
  for (const auto& chunk : chunks_) total += chunk.size;
  return total;
}

}  // namespace gilfree::scanners
