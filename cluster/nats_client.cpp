#include "cluster/nats_client.hpp"

#include <nats/nats.h>

#include <atomic>
#include <future>
#include <list>
#include <mutex>

namespace confab::cluster {
namespace {

// How long closing waits for a subscription's handler to return.
constexpr auto kHandlerDrain = std::chrono::seconds(5);
// Connection attempts per server at start-up, and the wait between rounds;
// once connected, reconnection never gives up.
constexpr int kConnectTimeoutMs = 2000;
constexpr int kReconnectWaitMs = 250;
// How long an append waits for room in a full window.
constexpr int kStallWaitMs = 10000;

// The status in words, and cnats' own detail when it adds any (without its
// "(file.c:123): " prefix, which only names the library's source).
std::string describe(natsStatus status) {
  std::string text = natsStatus_GetText(status);
  const char* last = nats_GetLastError(nullptr);
  std::string_view detail = last != nullptr ? last : "";
  if (!detail.empty() && detail.front() == '(') {
    if (const auto end = detail.find("): "); end != std::string_view::npos) {
      detail.remove_prefix(end + 3);
    }
  }
  if (!detail.empty() && detail != text) {
    text += ": ";
    text += detail;
  }
  return text;
}

void check(natsStatus status, const std::string& what) {
  if (status != NATS_OK) {
    throw NatsError(what + ": " + describe(status));
  }
}

// A write made on a condition (the key empty, or at a revision): false
// when the server refused it for the condition ("wrong last sequence",
// which cnats reports as a plain NATS_ERR), an exception for anything else.
bool conditional_write(natsStatus status, const std::string& what) {
  if (status == NATS_OK) {
    return true;
  }
  if (status == NATS_ERR) {
    return false;
  }
  check(status, what);
  return false;
}

using RawHandler = std::function<void(natsMsg*)>;

}  // namespace

struct NatsClient::Impl {
  struct Subscription {
    RawHandler handler;
    natsSubscription* handle = nullptr;
    std::promise<void> completed;
  };

  Events events;
  // Set before closing: the events thread may still report the disconnect.
  std::atomic<bool> closing{false};
  // cnats reports events on a thread of its own, the closed one last:
  // Impl may be freed only after it.
  std::promise<void> closed;
  natsOptions* options = nullptr;
  natsConnection* connection = nullptr;
  jsCtx* jetstream = nullptr;
  std::mutex mutex;  // guards subscriptions
  std::list<Subscription> subscriptions;

  static void on_message(natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
    static_cast<Subscription*>(closure)->handler(message);
    natsMsg_Destroy(message);
  }
  static void on_complete(void* closure) {
    static_cast<Subscription*>(closure)->completed.set_value();
  }
  static void on_disconnected(natsConnection*, void* closure) {
    auto* impl = static_cast<Impl*>(closure);
    if (!impl->closing && impl->events.disconnected) {
      impl->events.disconnected();
    }
  }
  static void on_reconnected(natsConnection*, void* closure) {
    auto* impl = static_cast<Impl*>(closure);
    if (!impl->closing && impl->events.reconnected) {
      impl->events.reconnected();
    }
  }
  static void on_closed(natsConnection*, void* closure) {
    static_cast<Impl*>(closure)->closed.set_value();
  }
  static void on_append_failed(jsCtx*, jsPubAckErr* failure, void* closure) {
    auto* impl = static_cast<Impl*>(closure);
    if (impl->events.append_failed && failure->Msg != nullptr) {
      impl->events.append_failed(
          std::string_view(natsMsg_GetData(failure->Msg),
                           static_cast<std::size_t>(natsMsg_GetDataLength(failure->Msg))),
          failure->ErrText != nullptr ? failure->ErrText : natsStatus_GetText(failure->Err));
    }
  }

  // Registers a subscription made by `make`, so that closing drains it.
  template <class Make>
  void add_subscription(const std::string& subject, RawHandler handler, Make make) {
    std::lock_guard lock(mutex);
    auto& entry = subscriptions.emplace_back();
    entry.handler = std::move(handler);
    auto status = make(&entry);
    if (status == NATS_OK) {
      status = natsSubscription_SetOnCompleteCB(entry.handle, &Impl::on_complete, &entry);
    }
    if (status != NATS_OK) {
      natsSubscription_Destroy(entry.handle);
      subscriptions.pop_back();
      check(status, "subscribing to " + subject);
    }
  }

  void subscribe(const std::string& subject, RawHandler handler) {
    add_subscription(subject, std::move(handler), [&](Subscription* entry) {
      return natsConnection_Subscribe(&entry->handle, connection, subject.c_str(),
                                      &Impl::on_message, entry);
    });
  }

  ~Impl() {
    std::lock_guard lock(mutex);
    for (auto& entry : subscriptions) {
      auto finished = entry.completed.get_future();
      if (natsSubscription_Unsubscribe(entry.handle) == NATS_OK) {
        finished.wait_for(kHandlerDrain);
      }
    }
    if (connection != nullptr) {
      closing = true;
      auto finished = closed.get_future();
      natsConnection_Close(connection);
      finished.wait_for(kHandlerDrain);
    }
    for (auto& entry : subscriptions) {
      natsSubscription_Destroy(entry.handle);
    }
    jsCtx_Destroy(jetstream);
    natsConnection_Destroy(connection);
    natsOptions_Destroy(options);
  }
};

NatsClient::NatsClient(const std::vector<std::string>& servers, const std::string& name,
                       Events events, int append_window)
    : impl_(std::make_unique<Impl>()) {
  impl_->events = std::move(events);
  check(natsOptions_Create(&impl_->options), "NATS options");
  std::vector<const char*> urls;
  for (const auto& server : servers) {
    urls.push_back(server.c_str());
  }
  auto* options = impl_->options;
  check(natsOptions_SetServers(options, urls.data(), static_cast<int>(urls.size())),
        "NATS servers");
  check(natsOptions_SetName(options, name.c_str()), "NATS client name");
  check(natsOptions_SetTimeout(options, kConnectTimeoutMs), "NATS timeout");
  check(natsOptions_SetMaxReconnect(options, -1), "NATS reconnects");
  check(natsOptions_SetReconnectWait(options, kReconnectWaitMs), "NATS reconnect wait");
  check(natsOptions_SetDisconnectedCB(options, &Impl::on_disconnected, impl_.get()),
        "NATS disconnect handler");
  check(natsOptions_SetReconnectedCB(options, &Impl::on_reconnected, impl_.get()),
        "NATS reconnect handler");
  check(natsOptions_SetClosedCB(options, &Impl::on_closed, impl_.get()), "NATS closed handler");
  check(natsConnection_Connect(&impl_->connection, options), "cannot reach NATS");
  jsOptions jetstream_options;
  jsOptions_Init(&jetstream_options);
  jetstream_options.PublishAsync.ErrHandler = &Impl::on_append_failed;
  jetstream_options.PublishAsync.ErrHandlerClosure = impl_.get();
  if (append_window > 0) {
    jetstream_options.PublishAsync.MaxPending = append_window;
    // A full window waits for acknowledgements rather than failing the
    // append after cnats' default 200 ms.
    jetstream_options.PublishAsync.StallWait = kStallWaitMs;
  }
  check(natsConnection_JetStream(&impl_->jetstream, impl_->connection, &jetstream_options),
        "NATS JetStream");
}

NatsClient::~NatsClient() = default;

void NatsClient::publish(const std::string& subject, std::string_view data,
                         const std::string& reply_to) {
  const auto size = static_cast<int>(data.size());
  check(reply_to.empty()
            ? natsConnection_Publish(impl_->connection, subject.c_str(), data.data(), size)
            : natsConnection_PublishRequest(impl_->connection, subject.c_str(), reply_to.c_str(),
                                            data.data(), size),
        "publishing on " + subject);
}

void NatsClient::subscribe(const std::string& subject, Handler handler) {
  impl_->subscribe(subject, [handler = std::move(handler)](natsMsg* message) {
    const char* reply_to = natsMsg_GetReply(message);
    handler(natsMsg_GetSubject(message),
            std::string_view(natsMsg_GetData(message),
                             static_cast<std::size_t>(natsMsg_GetDataLength(message))),
            reply_to == nullptr ? std::string_view{} : std::string_view(reply_to));
  });
}

void NatsClient::ensure_stream(const std::string& name, const std::vector<std::string>& subjects) {
  jsStreamInfo* info = nullptr;
  jsErrCode code{};
  auto status = js_GetStreamInfo(&info, impl_->jetstream, name.c_str(), nullptr, &code);
  if (status == NATS_NOT_FOUND) {
    std::vector<const char*> names;
    for (const auto& subject : subjects) {
      names.push_back(subject.c_str());
    }
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = name.c_str();
    config.Subjects = names.data();
    config.SubjectsLen = static_cast<int>(names.size());
    config.Storage = js_FileStorage;
    // Nodes starting together may all create it: the same configuration is
    // accepted again.
    status = js_AddStream(&info, impl_->jetstream, &config, nullptr, &code);
  }
  if (status == NATS_NO_RESPONDERS) {
    throw NatsError(
        "the NATS server has no JetStream, which cluster mode needs: start "
        "nats-server with -js");
  }
  jsStreamInfo_Destroy(info);
  check(status, "stream " + name);
}

void NatsClient::append(const std::string& subject, std::string_view data) {
  check(js_PublishAsync(impl_->jetstream, subject.c_str(), data.data(),
                        static_cast<int>(data.size()), nullptr),
        "appending to " + subject);
}

void NatsClient::wait_appended(std::chrono::milliseconds limit) {
  jsPubOptions options;
  jsPubOptions_Init(&options);
  options.MaxWait = limit.count();
  check(js_PublishAsyncComplete(impl_->jetstream, &options), "waiting for the stream");
}

std::optional<std::string> NatsClient::stored(const std::string& stream,
                                              const std::string& subject) {
  natsMsg* message = nullptr;
  jsErrCode code{};
  const auto status =
      js_GetLastMsg(&message, impl_->jetstream, stream.c_str(), subject.c_str(), nullptr, &code);
  if (status == NATS_NOT_FOUND || code == JSNoMessageFoundErr) {
    return std::nullopt;
  }
  check(status, "reading " + subject + " from " + stream);
  std::string data(natsMsg_GetData(message),
                   static_cast<std::size_t>(natsMsg_GetDataLength(message)));
  natsMsg_Destroy(message);
  return data;
}

void NatsClient::follow(const std::string& subject, std::uint64_t from, SequencedHandler handler) {
  auto raw = [handler = std::move(handler)](natsMsg* message) {
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, message) != NATS_OK) {
      return;  // not a stream message
    }
    const auto sequence = meta->Sequence.Stream;
    jsMsgMetaData_Destroy(meta);
    handler(sequence, natsMsg_GetSubject(message),
            std::string_view(natsMsg_GetData(message),
                             static_cast<std::size_t>(natsMsg_GetDataLength(message))));
  };
  impl_->add_subscription(subject, std::move(raw), [&](Impl::Subscription* entry) {
    jsSubOptions options;
    jsSubOptions_Init(&options);
    // An ordered consumer: no acknowledgements, and after a gap (a NATS
    // restart) cnats recreates it from the last position it delivered.
    options.Ordered = true;
    options.Config.DeliverPolicy = from > 1 ? js_DeliverByStartSequence : js_DeliverAll;
    options.Config.OptStartSeq = from > 1 ? from : 0;
    jsErrCode code{};
    return js_Subscribe(&entry->handle, impl_->jetstream, subject.c_str(), &Impl::on_message, entry,
                        nullptr, &options, &code);
  });
}

std::string NatsClient::connected_url() const {
  char url[256] = {};
  if (natsConnection_GetConnectedUrl(impl_->connection, url, sizeof url) != NATS_OK) {
    return {};
  }
  return url;
}

struct KeyValue::Impl {
  NatsClient::Impl& client;
  std::string bucket;
  kvStore* store = nullptr;

  ~Impl() { kvStore_Destroy(store); }
};

std::unique_ptr<KeyValue> NatsClient::key_value(const std::string& bucket,
                                                std::chrono::milliseconds ttl) {
  kvStore* store = nullptr;
  auto status = js_KeyValue(&store, impl_->jetstream, bucket.c_str());
  if (status == NATS_NOT_FOUND) {
    // Nodes starting together may all create it: the same configuration
    // is accepted again.
    kvConfig config;
    kvConfig_Init(&config);
    config.Bucket = bucket.c_str();
    config.History = 1;
    config.TTL = std::chrono::nanoseconds(ttl).count();  // cnats takes nanoseconds
    config.StorageType = js_MemoryStorage;
    status = js_CreateKeyValue(&store, impl_->jetstream, &config);
  }
  if (status == NATS_NO_RESPONDERS) {
    throw NatsError(
        "the NATS server has no JetStream, which cluster mode's key-value store "
        "needs: start nats-server with -js");
  }
  check(status, "key-value bucket " + bucket);
  return std::unique_ptr<KeyValue>(
      new KeyValue(std::unique_ptr<KeyValue::Impl>(new KeyValue::Impl{*impl_, bucket, store})));
}

KeyValue::KeyValue(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

KeyValue::~KeyValue() = default;

std::uint64_t KeyValue::put(const std::string& key, std::string_view value) {
  std::uint64_t revision = 0;
  check(kvStore_Put(&revision, impl_->store, key.c_str(), value.data(),
                    static_cast<int>(value.size())),
        "writing " + impl_->bucket + "/" + key);
  return revision;
}

bool KeyValue::create(const std::string& key, std::string_view value) {
  std::uint64_t revision = 0;
  return conditional_write(kvStore_Create(&revision, impl_->store, key.c_str(), value.data(),
                                          static_cast<int>(value.size())),
                           "creating " + impl_->bucket + "/" + key);
}

bool KeyValue::update(const std::string& key, std::string_view value, std::uint64_t revision) {
  std::uint64_t written = 0;
  return conditional_write(kvStore_Update(&written, impl_->store, key.c_str(), value.data(),
                                          static_cast<int>(value.size()), revision),
                           "updating " + impl_->bucket + "/" + key);
}

void KeyValue::erase(const std::string& key) {
  check(kvStore_Delete(impl_->store, key.c_str()), "deleting " + impl_->bucket + "/" + key);
}

std::optional<KeyValue::Entry> KeyValue::get(const std::string& key) {
  kvEntry* entry = nullptr;
  const auto status = kvStore_Get(&entry, impl_->store, key.c_str());
  if (status == NATS_NOT_FOUND) {
    return std::nullopt;
  }
  check(status, "reading " + impl_->bucket + "/" + key);
  Entry result{std::string(static_cast<const char*>(kvEntry_Value(entry)),
                           static_cast<std::size_t>(kvEntry_ValueLen(entry))),
               kvEntry_Revision(entry)};
  kvEntry_Destroy(entry);
  return result;
}

std::vector<std::string> KeyValue::keys() {
  kvKeysList list;
  const auto status = kvStore_Keys(&list, impl_->store, nullptr);
  if (status == NATS_NOT_FOUND) {
    return {};
  }
  check(status, "listing " + impl_->bucket);
  std::vector<std::string> keys(list.Keys, list.Keys + list.Count);
  kvKeysList_Destroy(&list);
  return keys;
}

void KeyValue::watch(Watcher watcher) {
  // The bucket's writes are messages on $KV.<bucket>.<key>; a deletion or
  // purge says so in a header. A plain subscription sees them as they
  // happen, on the client's delivery thread.
  const std::string prefix = "$KV." + impl_->bucket + ".";
  impl_->client.subscribe(prefix + ">", [prefix, watcher = std::move(watcher)](natsMsg* message) {
    const std::string_view subject = natsMsg_GetSubject(message);
    if (subject.size() <= prefix.size()) {
      return;
    }
    std::string key(subject.substr(prefix.size()));
    const char* operation = nullptr;
    if (natsMsgHeader_Get(message, "KV-Operation", &operation) == NATS_OK) {
      watcher(key, std::nullopt);
      return;
    }
    watcher(key, std::string(natsMsg_GetData(message),
                             static_cast<std::size_t>(natsMsg_GetDataLength(message))));
  });
}

}  // namespace confab::cluster
