#include "actors/session/operations.hpp"
#include "actors/session/session_state.hpp"

#include <algorithm>

#include "actors/chat_error.hpp"
#include "common/byte_size.hpp"
#include "net/address_group.hpp"
#include "net/base64.hpp"
#include "net/names.hpp"
#include "net/timestamp.hpp"

// The session's file transfer: uploads written chunk by chunk to storage,
// downloads paced by the client's reading.
namespace confab::session_detail {

bool is_sha256_hex(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

void watch_for_stall(session_pointer self, const std::string& token, std::uint64_t activity) {
  const auto timeout = self->state.context->limits.upload_timeout;
  if (timeout.count() > 0) {
    self->delayed_send(self, timeout, atoms::upload_check::value, token, activity);
  }
}

void start_upload(session_pointer self, const Request& request, UploadInProgress upload,
                  storage::FileRecord record) {
  auto& st = self->state;
  const auto& limits = st.context->limits;
  const UploadQuota quota{
      static_cast<std::int64_t>(limits.storage_quota),
      static_cast<std::int64_t>(st.account_id != 0 ? limits.user_quota : limits.guest_quota)};
  self->request(st.context->storage, kRequestTimeout, atoms::upload_begin::value, std::move(record),
                quota)
      .await(
          [self, request, upload = std::move(upload)](std::int64_t file_id) mutable {
            auto& st = self->state;
            upload.file_id = file_id;
            auto token = new_upload_token();
            st.context->log->info(st.nick, " uploads ", upload.name, " (", upload.size,
                                  " bytes, file ", file_id, ")");
            st.uploads.emplace(token, std::move(upload));
            watch_for_stall(self, token, 0);
            reply_ok(self, request,
                     net::FieldsResult{
                         Json{{"upload", token},
                              {"chunk_size", upload_chunk_size(st.context->limits.max_frame)}}});
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

void handle_upload(session_pointer self, const Request& request) {
  auto& st = self->state;
  const auto* name = require_string(self, request, "name");
  if (name == nullptr) {
    return;
  }
  const auto size = net::integer_field(request.body, "size");
  const auto* sha256 = net::string_field(request.body, "sha256");
  std::string room;
  std::string to;
  if (!size || *size < 0) {
    reply_error(self, request, ChatError::bad_request, "size must be a non-negative integer");
    return;
  }
  if (sha256 == nullptr || !is_sha256_hex(net::name_key(*sha256))) {
    reply_error(self, request, ChatError::bad_request, "sha256 must be 64 hexadecimal digits");
    return;
  }
  if (!optional_string(self, request, "room", room) || !optional_string(self, request, "to", to)) {
    return;
  }
  if (room.empty() == to.empty()) {
    reply_error(self, request, ChatError::bad_request, "give exactly one of room or to");
    return;
  }
  if (!net::is_valid_file_name(*name)) {
    reply_error(self, request, ChatError::invalid_name,
                "file names are 1-255 bytes without /, \\ or control characters");
    return;
  }
  if (static_cast<std::uint64_t>(*size) > st.context->limits.max_file_size) {
    reply_error(self, request, ChatError::too_large,
                "files may be at most " + format_byte_size(st.context->limits.max_file_size) +
                    " (" + std::to_string(st.context->limits.max_file_size) + " bytes)");
    return;
  }
  if (st.account_id == 0) {
    const auto guest_limit = st.context->limits.guest_quota;
    if (guest_limit == 0) {
      reply_error(self, request, ChatError::auth_required,
                  "uploads need an account: hello with a password");
      return;
    }
    if (static_cast<std::uint64_t>(*size) > guest_limit) {
      reply_error(self, request, ChatError::too_large,
                  "guests may upload files of at most " + format_byte_size(guest_limit) + " (" +
                      std::to_string(guest_limit) + " bytes); log in with an account for more");
      return;
    }
  }
  if (st.uploads.size() >= st.context->limits.max_uploads_per_connection) {
    reply_error(self, request, ChatError::too_many_uploads,
                "finish an upload first: at most " +
                    std::to_string(st.context->limits.max_uploads_per_connection) + " at a time");
    return;
  }
  UploadInProgress upload;
  upload.name = *name;
  upload.size = *size;
  upload.sha256 = net::name_key(*sha256);
  storage::FileRecord record;
  record.name = upload.name;
  record.size = upload.size;
  record.sha256 = upload.sha256;
  record.uploader = st.nick;
  record.uploader_account = st.account_id;
  if (st.account_id == 0) {
    record.uploader_address = net::address_group(st.address);
  }
  record.created_at = net::now_timestamp();
  if (!room.empty()) {
    auto* joined = require_joined(self, request, room);
    if (joined == nullptr) {
      return;
    }
    upload.room = joined->name;
    record.room_id = joined->room_id;
    start_upload(self, request, std::move(upload), std::move(record));
    return;
  }
  self->request(st.context->directory, kRequestTimeout, atoms::exists::value, to)
      .await(
          [self, request, upload = std::move(upload),
           record = std::move(record)](std::string& nick) mutable {
            upload.to = nick;
            record.recipient = nick;
            start_upload(self, request, std::move(upload), std::move(record));
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

// Forgets an upload and removes what storage holds of it.
void drop_upload(session_pointer self, const std::string& token) {
  auto& st = self->state;
  auto it = st.uploads.find(token);
  if (it != st.uploads.end()) {
    self->send(st.context->storage, atoms::upload_drop::value, it->second.file_id);
    st.uploads.erase(it);
  }
}

// Drops the upload, then tells the client why once storage has committed
// the removal: whoever hears "upload cancelled" finds nothing of it left.
template <class Tell>
void cancel_upload(session_pointer self, const std::string& token, Tell tell) {
  drop_upload(self, token);
  self->request(self->state.context->storage, kRequestTimeout, atoms::sync::value)
      .await([tell](bool) { tell(); }, [tell](caf::error&) { tell(); });
}

// An upload cancelled in answer to one of its requests.
void refuse_upload(session_pointer self, const Request& request, const std::string& token,
                   ChatError code, std::string message) {
  cancel_upload(self, token, [self, request = reply_address(request), code, message] {
    reply_error(self, request, code, message);
  });
}

UploadInProgress* find_upload(session_pointer self, const Request& request) {
  const auto* token = require_string(self, request, "upload");
  if (token == nullptr) {
    return nullptr;
  }
  auto it = self->state.uploads.find(*token);
  if (it == self->state.uploads.end()) {
    reply_error(self, request, ChatError::bad_upload, "no upload in progress with that token");
    return nullptr;
  }
  return &it->second;
}

void handle_chunk(session_pointer self, const Request& request) {
  auto* upload = find_upload(self, request);
  if (upload == nullptr) {
    return;
  }
  const auto token = *net::string_field(request.body, "upload");
  const auto seq = net::integer_field(request.body, "seq");
  const auto* data = net::string_field(request.body, "data");
  if (!seq || *seq != upload->next_seq) {
    reply_error(self, request, ChatError::bad_upload,
                "expected chunk seq " + std::to_string(upload->next_seq));
    return;
  }
  auto bytes = data == nullptr ? std::nullopt : net::base64_decode(*data);
  if (!bytes || bytes->empty()) {
    reply_error(self, request, ChatError::bad_upload, "data must be non-empty base64");
    return;
  }
  if (upload->received + static_cast<std::int64_t>(bytes->size()) > upload->size) {
    refuse_upload(
        self, request, token, ChatError::bad_upload,
        "more data than the declared " + std::to_string(upload->size) + " bytes; upload cancelled");
    return;
  }
  upload->hash.update(*bytes);
  upload->received += static_cast<std::int64_t>(bytes->size());
  ++upload->next_seq;
  ++upload->activity;
  // Awaiting the write is the upload's flow control: the next chunk is read
  // only once this one is stored.
  self->request(self->state.context->storage, kRequestTimeout, atoms::chunk_put::value,
                upload->file_id, *seq, std::move(*bytes))
      .await([self, request](bool) { reply_ok(self, request, net::Done{}); },
             [self, request, token](caf::error& error) {
               // The generic "could not save this; retry" would contradict
               // the cancellation: the upload has to start over.
               const auto why = error_code(error) == ChatError::internal
                                    ? std::string("the server could not store it")
                                    : error_message(error);
               refuse_upload(self, request, token, ChatError::bad_upload,
                             "upload cancelled: a chunk was refused (" + why + ")");
             });
}

// A finished upload that cannot be shared is removed, and its uploader
// told why.
auto drop_and_refuse(session_pointer self, const Request& request, std::int64_t file_id) {
  return [self, request, file_id](caf::error& error) {
    self->send(self->state.context->storage, atoms::upload_drop::value, file_id);
    reply_error(self, request, error);
  };
}

// A finished upload becomes its room's or its recipient's message.
void share_file(session_pointer self, const Request& request, net::MessageRecord message,
                const std::string& room) {
  auto& st = self->state;
  // Cluster mode's answer names the file by its message, as every node does.
  auto on_shared = [self, request, cluster = static_cast<bool>(st.context->cluster),
                    file_id = message.file_id](MessageAck& ack) {
    reply_ok(self, request,
             net::FieldsResult{
                 Json{{"file_id", cluster ? ack.msg_id : file_id}, {"msg_id", ack.msg_id}}});
  };
  auto on_failed = drop_and_refuse(self, request, message.file_id);
  if (!room.empty()) {
    auto* joined = joined_room(self, room);
    if (joined == nullptr) {
      auto error = make_chat_error(ChatError::not_member, "not a member of " + room);
      on_failed(error);
      return;
    }
    self->request(joined->handle, kRequestTimeout, atoms::share::value, st.nick, std::move(message))
        .await(on_shared, on_failed);
    return;
  }
  self->request(st.context->directory, kRequestTimeout, atoms::pm::value, std::move(message))
      .await(on_shared, on_failed);
}

void handle_upload_end(session_pointer self, const Request& request) {
  auto& st = self->state;
  auto* found = find_upload(self, request);
  if (found == nullptr) {
    return;
  }
  const auto token = *net::string_field(request.body, "upload");
  if (found->received != found->size) {
    refuse_upload(self, request, token, ChatError::size_mismatch,
                  "received " + std::to_string(found->received) + " of " +
                      std::to_string(found->size) + " bytes; upload cancelled");
    return;
  }
  if (found->hash.hex_digest() != found->sha256) {
    refuse_upload(self, request, token, ChatError::checksum_mismatch,
                  "the data does not match its sha256; upload cancelled");
    return;
  }
  net::MessageRecord message;
  message.text = found->name;
  message.file_id = found->file_id;
  message.file_size = found->size;
  message.file_sha256 = found->sha256;
  message.file_chunks = found->next_seq;
  message.from = st.nick;
  message.from_account = st.account_id;
  message.to = found->to;
  const auto room = found->room;
  // No longer in progress: from here the file belongs to its message.
  st.uploads.erase(token);
  if (!st.context->cluster) {
    share_file(self, request, std::move(message), room);
    return;
  }
  // Once its message is in the shared log, any node may be asked for the
  // file: its bytes go into the cluster's file stream first.
  const auto file_id = message.file_id;
  self->request(st.context->file_stream, kPublishTimeout, atoms::publish::value, file_id,
                message.file_chunks)
      .await([self, request, message = std::move(message),
              room](bool) mutable { share_file(self, request, std::move(message), room); },
             drop_and_refuse(self, request, file_id));
}

void check_upload(session_pointer self, const std::string& token, std::uint64_t activity) {
  auto& st = self->state;
  auto it = st.uploads.find(token);
  if (it == st.uploads.end() || st.closing) {
    return;
  }
  if (it->second.activity != activity) {
    watch_for_stall(self, token, it->second.activity);
    return;
  }
  st.context->log->info(st.nick, "'s upload of ", it->second.name, " stalled; cancelled");
  auto why = "upload " + token + " cancelled: no chunk for " +
             std::to_string(st.context->limits.upload_timeout.count()) + " s";
  cancel_upload(self, token, [self, token, why] {
    send_event(self, net::UploadCancelledEvent{token, why});
  });
}

bool may_download(session_pointer self, const storage::FileRecord& file) {
  auto& st = self->state;
  if (file.room_id != 0) {
    return joined_room(self, file.room) != nullptr;
  }
  // The account, not the nick: a guest who once held the name is not this user.
  return st.account_id != 0 &&
         (st.account_id == file.uploader_account || st.account_id == file.recipient_account);
}

// A chunk from this node's database; for a file still being copied from
// another node, through the file stream, which reads it there if need be.
template <class OnChunk, class OnError>
void read_chunk(session_pointer self, const storage::FileRecord& file, std::int64_t seq,
                OnChunk on_chunk, OnError on_error) {
  const auto& context = *self->state.context;
  if (file.origin_node.empty()) {
    self->request(context.storage, kRequestTimeout, atoms::chunk_get::value, file.file_id, seq)
        .then(std::move(on_chunk), std::move(on_error));
    return;
  }
  self->request(context.file_stream, kRequestTimeout, atoms::chunk_get::value, file.file_id,
                storage::FileOrigin{file.origin_node, file.origin_file_id}, seq)
      .then(std::move(on_chunk), std::move(on_error));
}

// Sends chunk `seq`, then waits until the client has read most of what is
// queued before sending the next: a download never floods the gateway.
void pump_download(session_pointer self, std::shared_ptr<const storage::FileRecord> file,
                   std::int64_t seq) {
  auto& st = self->state;
  if (st.closing) {
    return;
  }
  const auto file_id = file->file_id;
  if (seq == file->chunk_count) {
    send_event(self, net::FileEndEvent{file_id});
    return;
  }
  read_chunk(
      self, *file, seq,
      [self, file, seq](std::string& data) {
        auto& st = self->state;
        if (st.closing) {
          return;
        }
        send_event(self, net::ChunkEvent{file->file_id, seq, data});
        self->request(st.context->gateway, kRequestTimeout, atoms::drained::value, st.conn,
                      kDownloadWindowBytes)
            .then(
                [self, file, seq](bool open) {
                  if (open) {
                    pump_download(self, file, seq + 1);
                  }
                },
                [self, file_id = file->file_id](caf::error&) {
                  self->state.context->log->warn("download of file ", file_id,
                                                 " stalled; abandoned");
                });
      },
      [self, file_id](caf::error& error) {
        self->state.context->log->error("download of file ", file_id,
                                        " failed: ", to_string(error));
        reply_error(self, Request{"download", {}, {}}, ChatError::no_such_file,
                    "file " + std::to_string(file_id) + " could not be read");
      });
}

void handle_download(session_pointer self, const Request& request) {
  const auto file_id = net::integer_field(request.body, "file_id");
  if (!file_id) {
    reply_error(self, request, ChatError::bad_request, "file_id must be an integer");
    return;
  }
  self->request(self->state.context->storage, kRequestTimeout, atoms::file_get::value, *file_id)
      .await(
          [self, request](storage::FileRecord& file) {
            if (!may_download(self, file)) {
              reply_error(self, request, ChatError::forbidden,
                          file.room_id != 0 ? "join " + file.room + " to download its files"
                                            : "only the two parties, logged in, may download a "
                                              "private file");
              return;
            }
            reply_ok(self, request,
                     net::FieldsResult{Json{{"file_id", file.file_id},
                                            {"name", file.name},
                                            {"size", file.size},
                                            {"sha256", file.sha256}}});
            pump_download(self, std::make_shared<const storage::FileRecord>(std::move(file)), 0);
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

void handle_files(session_pointer self, const Request& request) {
  auto& st = self->state;
  HistoryRequest query;
  if (!resolve_conversation(self, request, query, "listing private files")) {
    return;
  }
  const auto room = query.room;
  self->request(st.context->storage, kRequestTimeout, atoms::file_list::value, std::move(query))
      .await(
          [self, request, room](std::vector<storage::FileRecord>& files) {
            net::FilesResult result{room, {}};
            for (auto& file : files) {
              result.files.push_back(net::FileListing{file.file_id, std::move(file.name), file.size,
                                                      std::move(file.uploader),
                                                      std::move(file.created_at)});
            }
            reply_ok(self, request, result);
          },
          [self, request](caf::error& error) { reply_error(self, request, error); });
}

}  // namespace confab::session_detail
