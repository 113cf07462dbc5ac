// confab-transfer-bench: a large upload and download through a running
// confabd while two other clients chat, reporting the server's memory and the
// chat latency. Prints one JSON line.
//
//   confab-transfer-bench --port N --pid SERVER_PID [--mib 200]
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>
#include <vector>

#include "bench/proc_stats.hpp"
#include "common/sha256.hpp"
#include "net/base64.hpp"
#include "tests/support/test_client.hpp"

namespace {

using confab::test::Json;
using confab::test::TestClient;
using Clock = std::chrono::steady_clock;

// The file's bytes, regenerated identically on every pass so that no pass
// holds the whole file.
class FileSource {
 public:
  explicit FileSource(std::size_t size) : size_(size) {}
  template <class F>
  void for_each_chunk(std::size_t chunk, F&& f) const {
    std::mt19937_64 random(42);
    std::string buffer;
    for (std::size_t at = 0; at < size_; at += chunk) {
      buffer.resize(std::min(chunk, size_ - at));
      for (auto& byte : buffer) {
        byte = static_cast<char>(random());
      }
      f(buffer);
    }
  }
  std::size_t size() const { return size_; }

 private:
  std::size_t size_;
};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  std::uint16_t port = 0;
  int pid = 0;
  std::size_t mib = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--port")
      port = static_cast<std::uint16_t>(std::stoi(argv[i + 1]));
    if (flag == "--pid")
      pid = std::stoi(argv[i + 1]);
    if (flag == "--mib")
      mib = std::stoul(argv[i + 1]);
  }
  if (port == 0 || pid == 0) {
    std::cerr << "usage: confab-transfer-bench --port N --pid SERVER_PID [--mib 200]\n";
    return 2;
  }
  const FileSource file(mib * 1024 * 1024);
  confab::Sha256 expected;
  file.for_each_chunk(1 << 20, [&](const std::string& bytes) { expected.update(bytes); });
  const auto sha = expected.hex_digest();

  TestClient mover(port);
  // An account: a guest's uploads stop at the guest quota (64 MiB).
  mover.hello("mover", std::string("mover-password"));
  TestClient talker(port);
  talker.hello("talker");
  TestClient listener(port);
  listener.hello("listener");
  // The chat has a room of its own, so it neither reaches nor hears clients
  // another tool may be driving in `main` at the same time.
  talker.request({{"op", "create"}, {"room", "transfer-chat"}});
  for (auto* client : {&mover, &listener}) {
    client->request({{"op", "join"}, {"room", "transfer-chat"}});
  }
  for (auto* client : {&mover, &talker, &listener}) {
    client->request({{"op", "leave"}, {"room", "main"}});
  }

  std::atomic<bool> done{false};
  std::atomic<long> peak_kib{0};
  const long rss_before = confab::bench::status_kib(pid, "VmRSS");
  std::thread sampler([&] {
    while (!done) {
      peak_kib = std::max(peak_kib.load(), confab::bench::status_kib(pid, "VmRSS"));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  // Chat during the transfer: one message every 10 ms, latency measured at
  // the listener from the send time carried in the text.
  std::vector<double> latencies_ms;
  std::thread chat([&] {
    const auto start = Clock::now();
    int sent = 0;
    while (!done) {
      const auto now = Clock::now();
      talker.send(
          {{"op", "say"},
           {"room", "transfer-chat"},
           {"text",
            std::to_string(
                std::chrono::duration_cast<std::chrono::microseconds>(now - start).count())}});
      ++sent;
      auto message = listener.wait_for(
          [](const Json& frame) {
            return frame.value("type", "") == "message" &&
                   frame.value("room", "") == "transfer-chat";
          },
          std::chrono::seconds(5));
      if (message) {
        const auto sent_us = std::stoll((*message)["text"].get<std::string>());
        const auto now_us =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
        latencies_ms.push_back(static_cast<double>(now_us - sent_us) / 1000.0);
      }
      talker.clear_queue();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });

  // Lets a script start other load once the transfer is under way.
  std::cerr << "upload started" << std::endl;
  const auto upload_start = Clock::now();
  auto begin = mover.request({{"op", "upload"},
                              {"room", "transfer-chat"},
                              {"name", "big.bin"},
                              {"size", file.size()},
                              {"sha256", sha}});
  if (begin.value("type", "") != "ok") {
    std::cerr << "upload refused: " << begin.dump() << "\n";
    done = true;
    chat.join();
    sampler.join();
    return 1;
  }
  std::int64_t seq = 0;
  file.for_each_chunk(begin["chunk_size"].get<std::size_t>(), [&](const std::string& bytes) {
    mover.send({{"op", "chunk"},
                {"upload", begin["upload"]},
                {"seq", seq++},
                {"data", confab::net::base64_encode(bytes)}});
  });
  auto end =
      mover.request({{"op", "upload_end"}, {"upload", begin["upload"]}}, std::chrono::minutes(5));
  const double upload_s = std::chrono::duration<double>(Clock::now() - upload_start).count();
  const long peak_upload = peak_kib.exchange(0);
  const auto upload_latencies = latencies_ms.size();

  const auto download_start = Clock::now();
  auto reply = mover.request({{"op", "download"}, {"file_id", end["file_id"]}});
  confab::Sha256 received;
  std::size_t received_bytes = 0;
  for (;;) {
    auto frame = mover.wait_for(
        [](const Json& f) {
          return f.value("type", "") == "chunk" || f.value("type", "") == "file_end";
        },
        std::chrono::seconds(30));
    if (!frame || (*frame)["type"] == "file_end") {
      break;
    }
    auto bytes = *confab::net::base64_decode((*frame)["data"].get<std::string>());
    received_bytes += bytes.size();
    received.update(bytes);
  }
  const double download_s = std::chrono::duration<double>(Clock::now() - download_start).count();
  const long peak_download = peak_kib.load();
  done = true;
  chat.join();
  sampler.join();

  Json result{{"file_mib", mib},
              {"upload_ok", end.value("type", "") == "ok"},
              {"download_intact", received_bytes == file.size() && received.hex_digest() == sha},
              {"upload_mib_per_s", static_cast<double>(mib) / upload_s},
              {"download_mib_per_s", static_cast<double>(mib) / download_s},
              {"server_rss_before_kib", rss_before},
              {"server_peak_rss_upload_kib", peak_upload},
              {"server_peak_rss_download_kib", peak_download},
              {"chat_messages", latencies_ms.size()},
              {"chat_messages_during_upload", upload_latencies},
              {"chat_latency_p50_ms", percentile(latencies_ms, 0.50)},
              {"chat_latency_p99_ms", percentile(latencies_ms, 0.99)},
              {"chat_latency_max_ms", percentile(latencies_ms, 1.0)}};
  std::cout << result.dump() << std::endl;
  return 0;
}
