// Fuzz target: the whole configuration loader. The first byte picks what the rest is:
//   0  a scenario file (load_run), in scenarios/ next to the shipped ones
//   1  a base file, named by a fixed scenario, next to the Norway and test tables
//   2  a sweep file (load_sweep), in scenarios/
#include <cstdint>

#include "carecast/config/run_config.hpp"
#include "carecast/config/sweep_config.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  namespace fs = std::filesystem;
  const fs::path& root = carecast::fuzz::scratch().root();
  const std::string_view text = carecast::fuzz::as_text(data + 1, size - 1);
  try {
    switch (data[0] % 3) {
      case 0:
        carecast::fuzz::Scratch::write(root / "scenarios" / "input.yaml", text);
        (void)carecast::config::load_run((root / "scenarios" / "input.yaml").string());
        break;
      case 1:
        carecast::fuzz::Scratch::write(root / "base" / "input.yaml", text);
        (void)carecast::config::load_run((root / "base" / "scenario.yaml").string());
        break;
      default:
        carecast::fuzz::Scratch::write(root / "scenarios" / "input-sweep.yaml", text);
        (void)carecast::config::load_sweep((root / "scenarios" / "input-sweep.yaml").string());
        break;
    }
  } catch (const carecast::config::LocatedError& error) {
    (void)error.what();
  }
  return 0;
}
