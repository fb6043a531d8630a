#include "vector_exp.hpp"

#include <sleef.h>

#if defined(CARECAST_HAVE_WIDE_EXP)
#include <immintrin.h>

#include "vector_exp_packet.hpp"
#endif

namespace carecast::engine::kernel {

namespace detail {

#if defined(CARECAST_HAVE_WIDE_EXP)
void scaled_exp_baseline(const double* x, double scale, const double* times, int n, double* out) {
  scaled_exp_lanes<2>([](__m128d v) { return Sleef_cinz_expd2_u10sse2(v); }, x, scale, times, n, out);
}

bool has_avx() {
  static const bool avx = [] {
    __builtin_cpu_init();  // in case this runs before the C library's constructors have
    return __builtin_cpu_supports("avx") != 0;
  }();
  return avx;
}
bool has_avx512() {
  static const bool avx512 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") != 0;
  }();
  return avx512;
}
#else
// Not x86-64: SLEEF's portable scalar code, which gives the same bits as its vector versions.
void scaled_exp_baseline(const double* x, double scale, const double* times, int n, double* out) {
  for (int i = 0; i < n; ++i) {
    const double value = Sleef_cinz_expd1_u10purec(scale * x[i]);
    out[i] = times == nullptr ? value : times[i] * value;
  }
}
bool has_avx() { return false; }
bool has_avx512() { return false; }
void scaled_exp_avx(const double* x, double scale, const double* times, int n, double* out) {
  scaled_exp_baseline(x, scale, times, n, out);
}
void scaled_exp_avx512(const double* x, double scale, const double* times, int n, double* out) {
  scaled_exp_baseline(x, scale, times, n, out);
}
#endif

}  // namespace detail

void scaled_exp(const double* x, double scale, int n, double* out, const double* times) {
  using Implementation = void (*)(const double*, double, const double*, int, double*);
  static const Implementation widest = detail::has_avx512() ? detail::scaled_exp_avx512
                                       : detail::has_avx()  ? detail::scaled_exp_avx
                                                            : detail::scaled_exp_baseline;
  widest(x, scale, times, n, out);
}

}  // namespace carecast::engine::kernel
