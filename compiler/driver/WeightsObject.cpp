#include "compiler/driver/WeightsObject.h"

#include <elf.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace dlc {
namespace {

constexpr uint64_t kDataOffset = 64;  // right after the ELF header, 64-byte aligned

uint64_t alignTo(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

// Section names, in section header order after the null section.
enum Section : uint16_t { kNull, kData, kSymtab, kStrtab, kShstrtab, kNoteStack, kCount };

} // namespace

bool writeWeightsObject(const std::string &path, const std::string &symbol, uint64_t bytes,
                        const std::function<bool(std::FILE *)> &writeData, std::string &error) {
  const std::string dataName = ".rodata." + symbol;
  std::string shstrtab = std::string(1, '\0');
  auto addName = [&](const std::string &name) {
    uint32_t at = static_cast<uint32_t>(shstrtab.size());
    shstrtab += name + '\0';
    return at;
  };
  uint32_t names[kCount] = {0, addName(dataName), addName(".symtab"), addName(".strtab"),
                            addName(".shstrtab"), addName(".note.GNU-stack")};
  std::string strtab = std::string(1, '\0') + symbol + '\0';

  // A zero-size blob still gets one byte so that the symbol has storage.
  uint64_t dataBytes = bytes ? bytes : 1;
  uint64_t symtabOffset = alignTo(kDataOffset + dataBytes, 8);
  Elf64_Sym symbols[2] = {};
  symbols[1].st_name = 1;
  symbols[1].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
  symbols[1].st_other = STV_DEFAULT;
  symbols[1].st_shndx = kData;
  symbols[1].st_size = dataBytes;
  uint64_t strtabOffset = symtabOffset + sizeof(symbols);
  uint64_t shstrtabOffset = strtabOffset + strtab.size();
  uint64_t headersOffset = alignTo(shstrtabOffset + shstrtab.size(), 8);

  Elf64_Shdr sections[kCount] = {};
  auto section = [&](Section s, uint32_t type, uint64_t flags, uint64_t offset, uint64_t size,
                     uint64_t align) {
    sections[s].sh_name = names[s];
    sections[s].sh_type = type;
    sections[s].sh_flags = flags;
    sections[s].sh_offset = offset;
    sections[s].sh_size = size;
    sections[s].sh_addralign = align;
  };
  section(kData, SHT_PROGBITS, SHF_ALLOC, kDataOffset, dataBytes, 64);
  section(kSymtab, SHT_SYMTAB, 0, symtabOffset, sizeof(symbols), 8);
  sections[kSymtab].sh_link = kStrtab;
  sections[kSymtab].sh_info = 1;  // index of the first global symbol
  sections[kSymtab].sh_entsize = sizeof(Elf64_Sym);
  section(kStrtab, SHT_STRTAB, 0, strtabOffset, strtab.size(), 1);
  section(kShstrtab, SHT_STRTAB, 0, shstrtabOffset, shstrtab.size(), 1);
  section(kNoteStack, SHT_PROGBITS, 0, headersOffset, 0, 1);  // no executable stack

  Elf64_Ehdr header = {};
  std::memcpy(header.e_ident, ELFMAG, SELFMAG);
  header.e_ident[EI_CLASS] = ELFCLASS64;
  header.e_ident[EI_DATA] = ELFDATA2LSB;
  header.e_ident[EI_VERSION] = EV_CURRENT;
  header.e_ident[EI_OSABI] = ELFOSABI_SYSV;
  header.e_type = ET_REL;
  header.e_machine = EM_X86_64;
  header.e_version = EV_CURRENT;
  header.e_shoff = headersOffset;
  header.e_ehsize = sizeof(Elf64_Ehdr);
  header.e_shentsize = sizeof(Elf64_Shdr);
  header.e_shnum = kCount;
  header.e_shstrndx = kShstrtab;
  static_assert(sizeof(Elf64_Ehdr) == kDataOffset, "data follows the ELF header");

  std::FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) {
    error = path + ": " + std::strerror(errno);
    return false;
  }
  static const char zeros[64] = {};
  auto padTo = [&](uint64_t offset) {
    long at = std::ftell(f);
    return at >= 0 && static_cast<uint64_t>(at) <= offset &&
           std::fwrite(zeros, 1, offset - at, f) == offset - at;
  };
  bool ok = std::fwrite(&header, sizeof(header), 1, f) == 1 &&
            (bytes ? writeData(f) : std::fwrite(zeros, 1, 1, f) == 1) &&
            static_cast<uint64_t>(std::ftell(f)) == kDataOffset + dataBytes &&
            padTo(symtabOffset) && std::fwrite(symbols, sizeof(symbols), 1, f) == 1 &&
            std::fwrite(strtab.data(), 1, strtab.size(), f) == strtab.size() &&
            std::fwrite(shstrtab.data(), 1, shstrtab.size(), f) == shstrtab.size() &&
            padTo(headersOffset) && std::fwrite(sections, sizeof(sections), 1, f) == 1;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok)
    error = path + ": cannot write the weights object";
  return ok;
}

} // namespace dlc
