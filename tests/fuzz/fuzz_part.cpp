// Fuzz target: the sweep part reader used by `carecast merge` (output/src/sweep_output.cpp).
// A random body never passes the SHA-256 check, so the input is taken as the body and the
// header with its checksum is put in front of it: what is fuzzed is everything behind the
// checksum (a part written by a broken build, or crafted). A part that decodes and covers
// all units of its plan is summarised, as merge would.
#include <cstdint>

#include "carecast/config/errors.hpp"
#include "carecast/engine/sweep.hpp"
#include "carecast/output/report/provenance.hpp"
#include "carecast/output/sweep_output.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = carecast::fuzz::as_text(data, size);
  std::string file = "carecast-sweep-part 3\nsha256 ";
  file.append(carecast::output::report::sha256_hex(body)).append("\n").append(body);
  try {
    carecast::output::SweepPartData part = carecast::output::decode_sweep_part(file, "fuzz.part");
    if (part.part.first_unit == 0 && part.part.last_unit == part.plan.units()) {
      carecast::engine::SweepPart merged;
      merged.fingerprint = part.plan.fingerprint;
      carecast::engine::merge_parts(part.plan, merged, std::move(part.part));
      (void)carecast::engine::summarize(part.plan, merged, 1);
    }
  } catch (const carecast::config::LocatedError& error) {
    (void)error.what();
  }
  return 0;
}
