// Timing / checking harness for NAM core's generic WaveNet path (NeuralAmpModelerCore, MIT).
//   bench cpu   MODEL.nam INPUT.wav SECONDS
//   bench check MODEL.nam INPUT.wav REF_EXACT.f32 REF_FAST.f32
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <time.h>
#include <vector>

#include "NAM/activations.h"
#include "NAM/dsp.h"
#include "NAM/get_dsp.h"

static const int kBlock = 64;
static const double kSampleRate = 48000.0;

static double thread_cpu_ns()
{
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double mono_s()
{
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint32_t rd32(const unsigned char* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24); }
static uint16_t rd16(const unsigned char* p) { return p[0] | (p[1] << 8); }

// Plain RIFF/WAVE reader: PCM 16/24/32-bit or IEEE float32 (also WAVE_FORMAT_EXTENSIBLE); channel 0 only.
static std::vector<float> read_wav(const std::string& path, int& sample_rate, std::string& desc)
{
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw std::runtime_error("cannot open " + path);
  std::vector<unsigned char> b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (b.size() < 12 || memcmp(&b[0], "RIFF", 4) || memcmp(&b[8], "WAVE", 4))
    throw std::runtime_error("not a RIFF/WAVE file: " + path);
  int fmt = -1, channels = 0, bits = 0;
  size_t pos = 12, data_off = 0, data_len = 0;
  while (pos + 8 <= b.size())
  {
    const uint32_t len = rd32(&b[pos + 4]);
    if (!memcmp(&b[pos], "fmt ", 4))
    {
      fmt = rd16(&b[pos + 8]);
      channels = rd16(&b[pos + 10]);
      sample_rate = (int)rd32(&b[pos + 12]);
      bits = rd16(&b[pos + 22]);
      if (fmt == 0xFFFE && len >= 40)
        fmt = rd16(&b[pos + 32]); // sub-format GUID's first two bytes
    }
    else if (!memcmp(&b[pos], "data", 4))
    {
      data_off = pos + 8;
      data_len = std::min<size_t>(len, b.size() - data_off);
      break;
    }
    pos += 8 + len + (len & 1);
  }
  if (fmt < 0 || data_off == 0)
    throw std::runtime_error("missing fmt or data chunk: " + path);
  const int bytes = bits / 8;
  const size_t frames = data_len / (bytes * channels);
  std::vector<float> out(frames);
  for (size_t i = 0; i < frames; i++)
  {
    const unsigned char* p = &b[data_off + i * bytes * channels];
    if (fmt == 3 && bits == 32)
      memcpy(&out[i], p, 4);
    else if (fmt == 1 && bits == 16)
      out[i] = (int16_t)rd16(p) / 32768.0f;
    else if (fmt == 1 && bits == 24)
    {
      int32_t v = (int32_t)(p[0] | (p[1] << 8) | (p[2] << 16));
      if (v & 0x800000)
        v -= 0x1000000;
      out[i] = v / 8388608.0f;
    }
    else if (fmt == 1 && bits == 32)
      out[i] = (float)((int32_t)rd32(p) / 2147483648.0);
    else
      throw std::runtime_error("unsupported WAV format " + std::to_string(fmt) + "/" + std::to_string(bits));
  }
  desc = (fmt == 3 ? std::string("float") : std::string("PCM int")) + std::to_string(bits) + ", "
         + std::to_string(channels) + " ch, " + std::to_string(sample_rate) + " Hz, " + std::to_string(frames)
         + " frames";
  return out;
}

static std::unique_ptr<nam::DSP> load(const std::string& model)
{
  std::unique_ptr<nam::DSP> m = nam::get_dsp(std::filesystem::path(model));
  m->Reset(kSampleRate, kBlock);
  return m;
}

// Run `in` through `m` in blocks of 64 (last block may be short).
static void run(nam::DSP& m, const std::vector<float>& in, std::vector<float>& out)
{
  std::vector<NAM_SAMPLE> ib(kBlock), ob(kBlock);
  NAM_SAMPLE* ip = ib.data();
  NAM_SAMPLE* op = ob.data();
  out.resize(in.size());
  for (size_t s = 0; s < in.size(); s += kBlock)
  {
    const int n = (int)std::min<size_t>(kBlock, in.size() - s);
    for (int j = 0; j < n; j++)
      ib[j] = (NAM_SAMPLE)in[s + j];
    m.process(&ip, &op, n);
    for (int j = 0; j < n; j++)
      out[s + j] = (float)ob[j];
  }
}

static std::vector<float> read_f32(const std::string& path)
{
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw std::runtime_error("cannot open " + path);
  std::vector<char> b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<float> v(b.size() / 4);
  memcpy(v.data(), b.data(), v.size() * 4);
  return v;
}

static void compare(const char* name, const std::vector<float>& got, const std::vector<float>& ref)
{
  double maxd = 0.0;
  size_t ndiff = 0;
  const size_t n = std::min(got.size(), ref.size());
  for (size_t i = 0; i < n; i++)
  {
    const double d = std::fabs((double)got[i] - (double)ref[i]);
    if (d > maxd)
      maxd = d;
    if (memcmp(&got[i], &ref[i], 4) != 0)
      ndiff++;
  }
  printf("%s: max |difference| %.9g over %zu samples (%zu samples not bit-identical; lengths %zu / %zu)\n", name,
         maxd, n, ndiff, got.size(), ref.size());
}

static int do_check(const std::string& model, const std::string& wav, const std::string& ref_exact,
                    const std::string& ref_fast)
{
  int sr = 0;
  std::string desc;
  const std::vector<float> in = read_wav(wav, sr, desc);
  printf("input: %s\n", desc.c_str());
  std::vector<float> out_exact, out_fast;
  {
    auto m = load(model); // built before enable_fast_tanh(): exact tanh
    run(*m, in, out_exact);
  }
  nam::activations::Activation::enable_fast_tanh();
  {
    auto m = load(model);
    run(*m, in, out_fast);
  }
  compare("exact", out_exact, read_f32(ref_exact));
  compare("fast", out_fast, read_f32(ref_fast));
  return 0;
}

struct Stats
{
  std::vector<double> ns_per_sample;
};

static double round_ns(nam::DSP& m, std::vector<NAM_SAMPLE>& sig, std::vector<NAM_SAMPLE>& out)
{
  const double t0 = thread_cpu_ns();
  for (size_t s = 0; s < sig.size(); s += kBlock)
  {
    NAM_SAMPLE* ip = sig.data() + s;
    NAM_SAMPLE* op = out.data() + s;
    m.process(&ip, &op, kBlock);
  }
  const double t1 = thread_cpu_ns();
  return (t1 - t0) / sig.size();
}

static void report(const char* name, std::vector<double> v)
{
  std::sort(v.begin(), v.end());
  const double best = v.front();
  const double median = v[v.size() / 2];
  const double sample_ns = 1e9 / kSampleRate;
  printf("%s: best %.1f ns/sample (%.1fx real time at 48 kHz), median %.1f ns/sample (%zu rounds)\n", name, best,
         sample_ns / best, median, v.size());
}

static int do_cpu(const std::string& model, double seconds)
{
  auto exact = load(model);
  nam::activations::Activation::enable_fast_tanh();
  auto fast = load(model);

  const size_t N = 4096;
  std::vector<NAM_SAMPLE> sig(N), out(N);
  std::mt19937 rng(12345);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (size_t i = 0; i < N; i++)
    sig[i] = (NAM_SAMPLE)(0.5 * std::sin(0.05 * (double)i) + 0.1 * normal(rng));

  double sink = 0.0;
  auto checksum = [&]() {
    for (size_t i = 0; i < N; i += 97)
      sink += out[i];
  };

  // Warm-up: seconds/2, exact and fast alternating
  double t_end = mono_s() + seconds / 2;
  while (mono_s() < t_end)
  {
    round_ns(*exact, sig, out);
    checksum();
    round_ns(*fast, sig, out);
    checksum();
  }
  std::vector<double> v_exact, v_fast;
  t_end = mono_s() + seconds;
  while (mono_s() < t_end)
  {
    v_exact.push_back(round_ns(*exact, sig, out));
    checksum();
    v_fast.push_back(round_ns(*fast, sig, out));
    checksum();
  }
  report("fast", v_fast);
  report("exact", v_exact);
  printf("sink %.9g (rounds of %zu samples in blocks of %d, thread CPU time)\n", sink, N, kBlock);
  return 0;
}

int main(int argc, char** argv)
{
  try
  {
    if (argc == 5 && std::string(argv[1]) == "cpu")
      return do_cpu(argv[2], atof(argv[4]));
    if (argc == 6 && std::string(argv[1]) == "check")
      return do_check(argv[2], argv[3], argv[4], argv[5]);
  }
  catch (const std::exception& e)
  {
    fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  fprintf(stderr,
          "usage: %s cpu MODEL.nam INPUT.wav SECONDS\n"
          "       %s check MODEL.nam INPUT.wav REF_EXACT.f32 REF_FAST.f32\n",
          argv[0], argv[0]);
  return 2;
}
