#include "carecast/engine/random.hpp"

namespace carecast::engine {
namespace {

// Multipliers and Weyl key increments of Philox4x32 (Salmon et al. 2011, Random123 1.14).
constexpr std::uint32_t kMultiplier0 = 0xD2511F53u;
constexpr std::uint32_t kMultiplier1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;  // golden ratio
constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;  // sqrt(3) - 1

inline void multiply(std::uint32_t a, std::uint32_t b, std::uint32_t& high, std::uint32_t& low) {
  const std::uint64_t product = std::uint64_t(a) * std::uint64_t(b);
  high = std::uint32_t(product >> 32);
  low = std::uint32_t(product);
}

inline PhiloxCounter round(const PhiloxCounter& c, const PhiloxKey& k) {
  std::uint32_t high0, low0, high1, low1;
  multiply(kMultiplier0, c[0], high0, low0);
  multiply(kMultiplier1, c[2], high1, low1);
  return {high1 ^ c[1] ^ k[0], low1, high0 ^ c[3] ^ k[1], low0};
}

}  // namespace

PhiloxCounter philox4x32_10(PhiloxCounter counter, PhiloxKey key) {
  for (int i = 0; i < 10; ++i) {
    if (i > 0) {
      key[0] += kWeyl0;
      key[1] += kWeyl1;
    }
    counter = round(counter, key);
  }
  return counter;
}

}  // namespace carecast::engine
