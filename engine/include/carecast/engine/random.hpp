// Counter-based random numbers: Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel
// random numbers: as easy as 1, 2, 3", SC'11), implemented here so that results do not
// depend on a standard library's generators.
//
// A random number is a pure function of (key, counter): nothing is carried from one draw to
// the next, so any draw can be recomputed alone, on any thread or process, in any order.
// carecast's convention (MODEL.md §6, STYLE.md §8):
//   key     = the sweep's 64-bit seed (two 32-bit words, low word first);
//   counter = (draw index low word, draw index high word, stream, block)
// where `stream` identifies what the number is for (a parameter, from a hash of its name,
// so that adding a parameter does not shift the others) and `block` numbers successive
// 4-word blocks within one draw of one stream (and separates the purposes of a sweep, see
// sweep.hpp). The engine never uses std::*_distribution.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace carecast::engine {

using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

// The Philox4x32 bijection with 10 rounds; matches the Random123 known-answer vectors.
PhiloxCounter philox4x32_10(PhiloxCounter counter, PhiloxKey key);

// A uniform number in the open interval (0, 1) from two 32-bit words: 52 random bits, the
// midpoint of one of 2^52 equal cells (exactly representable), so neither 0 nor 1 can come
// out and inverse CDFs of unbounded distributions stay finite. Range [2^-53, 1 − 2^-53].
inline double uniform_from_words(std::uint32_t high, std::uint32_t low) {
  const std::uint64_t bits = ((std::uint64_t(high) << 32) | low) >> 12;  // 52 bits
  return (double(bits) + 0.5) * 0x1.0p-52;
}

// A named stream of random numbers under one seed. Cheap to copy; holds no state.
class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint32_t stream) : key_{std::uint32_t(seed), std::uint32_t(seed >> 32)}, stream_(stream) {}

  // A uniform in (0,1) for `draw`: one Philox block gives two, `which` (0 or 1) picks one.
  double uniform(std::uint64_t draw, std::uint32_t block = 0, int which = 0) const {
    const PhiloxCounter out = philox4x32_10({std::uint32_t(draw), std::uint32_t(draw >> 32), stream_, block}, key_);
    return which == 0 ? uniform_from_words(out[0], out[1]) : uniform_from_words(out[2], out[3]);
  }
  // The raw 128 bits of one block.
  PhiloxCounter bits(std::uint64_t draw, std::uint32_t block = 0) const {
    return philox4x32_10({std::uint32_t(draw), std::uint32_t(draw >> 32), stream_, block}, key_);
  }
  std::uint32_t stream() const { return stream_; }

 private:
  PhiloxKey key_;
  std::uint32_t stream_;
};

// The stream number of a name: 32-bit FNV-1a of its bytes. Stable across versions and
// machines; written into sweep manifests.
constexpr std::uint32_t stream_id(std::string_view name) {
  std::uint32_t hash = 2166136261u;
  for (char c : name) {
    hash ^= std::uint32_t(static_cast<unsigned char>(c));
    hash *= 16777619u;
  }
  return hash;
}

}  // namespace carecast::engine
