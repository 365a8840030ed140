#include "runtime/build_id.hpp"

#include <elf.h>
#include <link.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "runtime/child_process.hpp"

namespace gilfree::runtime {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  std::string hex;
  for (std::size_t i = 0; i < size; ++i) hex += fmt::format("{:02x}", bytes[i]);
  return hex;
}

// Walks the PT_NOTE segments of the main program for NT_GNU_BUILD_ID.
int find_build_id(dl_phdr_info* info, std::size_t, void* out) {
  auto* id = static_cast<std::string*>(out);
  if (info->dlpi_name != nullptr && info->dlpi_name[0] != '\0') return 0;  // a shared library
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const auto& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_NOTE) continue;
    auto* at = reinterpret_cast<const unsigned char*>(info->dlpi_addr + segment.p_vaddr);
    const auto* end = at + segment.p_memsz;
    while (at + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) note;
      std::memcpy(&note, at, sizeof note);
      const auto* name = at + sizeof note;
      const auto* desc = name + ((note.n_namesz + 3) & ~3u);
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0 &&
          desc + note.n_descsz <= end) {
        *id = to_hex(desc, note.n_descsz);
        return 1;
      }
      at = desc + ((note.n_descsz + 3) & ~3u);
    }
  }
  return 1;  // the main program comes first: stop either way
}

// FNV-1a over the executable, for a binary linked without --build-id.
std::string file_hash() {
  std::ifstream in(self_executable(), std::ios::binary);
  std::uint64_t hash = 14695981039346656037ull;
  for (std::istreambuf_iterator<char> it(in), end; it != end; ++it) {
    hash = (hash ^ static_cast<unsigned char>(*it)) * 1099511628211ull;
  }
  return fmt::format("file-{:016x}", hash);
}

}  // namespace

const std::string& executable_build_id() {
  static const std::string id = [] {
    std::string found;
    dl_iterate_phdr(find_build_id, &found);
    return found.empty() ? file_hash() : found;
  }();
  return id;
}

}  // namespace gilfree::runtime
