#include "vector_exp.hpp"

#include "vector_exp_packet.hpp"

namespace carecast::engine::kernel {

namespace detail {

void scaled_exp_baseline(const double* x, double scale, const double* times, int n, double* out) {
  scaled_exp_packets<Eigen::internal::packet_traits<double>::type>(x, scale, times, n, out);
}

bool has_avx2() {
#if defined(CARECAST_HAVE_AVX2_EXP)
  static const bool avx2 = [] {
    __builtin_cpu_init();  // in case this runs before the C library's constructors have
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return avx2;
#else
  return false;
#endif
}

#if !defined(CARECAST_HAVE_AVX2_EXP)
void scaled_exp_avx2(const double* x, double scale, const double* times, int n, double* out) {
  scaled_exp_baseline(x, scale, times, n, out);
}
#endif

}  // namespace detail

void scaled_exp(const double* x, double scale, int n, double* out, const double* times) {
  if (detail::has_avx2()) {
    detail::scaled_exp_avx2(x, scale, times, n, out);
  } else {
    detail::scaled_exp_baseline(x, scale, times, n, out);
  }
}

}  // namespace carecast::engine::kernel
