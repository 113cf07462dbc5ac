// Search: asking the server, and opening a conversation at a message it
// found, with the messages around it loaded.
#include "ChatClient.h"
#include "ReplyFields.h"

namespace {

using Json = nlohmann::json;
using reply_fields::errorText;
using reply_fields::isOk;
using reply_fields::str;

constexpr int kSearchPage = 50;
constexpr int kAroundPage = 50;
// Between a found message and what the conversation held already, at most
// this many pages are fetched; further back the conversation skips ahead.
constexpr int kGapPage = 200;
constexpr int kGapPages = 5;

}  // namespace

void ChatClient::search(const QString& query, const QString& key, qint64 before, SearchDone done) {
  Json frame{{"op", "search"}, {"query", query.toStdString()}, {"limit", kSearchPage}};
  if (!key.isEmpty()) {
    frame[isRoomKey(key) ? "room" : "with"] = targetName(key).toStdString();
  }
  if (before > 0) {
    frame["before"] = before;
  }
  request(frame, [this, done = std::move(done)](const Json& reply) {
    if (!isOk(reply)) {
      done({}, false, errorText(reply));
      return;
    }
    std::vector<SearchHit> hits;
    for (const auto& event : reply["messages"]) {
      SearchHit hit;
      hit.message = toMessage(event);
      const auto room = str(event, "room");
      if (!room.isEmpty()) {
        hit.key = roomKey(room);
        titles_.try_emplace(hit.key, room);
      } else {
        const auto from = str(event, "from");
        const auto other = from.compare(nick_, Qt::CaseInsensitive) == 0 ? str(event, "to") : from;
        hit.key = privateKey(other);
        // Opening the conversation from here shows the nick as spelled.
        titles_.try_emplace(hit.key, other);
      }
      hits.push_back(std::move(hit));
    }
    done(hits, reply.value("more", false), {});
  });
}

void ChatClient::loadAround(const QString& key, qint64 msgId, std::function<void()> done) {
  if (!isRoomKey(key)) {
    ensurePrivate(targetName(key));
  }
  auto* model = messages(key);
  for (const auto& message : model->messages()) {
    if (message.msgId == msgId) {
      done();
      return;
    }
  }
  const auto heldFrom = model->oldestMsgId();
  Json query{{"op", "history"}, {"around", msgId}, {"limit", kAroundPage}};
  query[isRoomKey(key) ? "room" : "with"] = targetName(key).toStdString();
  request(query, [this, key, heldFrom, done = std::move(done)](const Json& reply) {
    if (!isOk(reply)) {
      reportError(reply);
      done();
      return;
    }
    qint64 newest = 0;
    for (const auto& event : reply["messages"]) {
      addServerMessage(key, event, Arrival::Older);
      newest = std::max(newest, event.value("msg_id", qint64{0}));
    }
    // What lies between the page and what was held already, so that the
    // conversation reads on without a hole.
    if (heldFrom != 0 && newest != 0 && newest < heldFrom) {
      fillGap(key, newest, heldFrom, kGapPages, done);
    } else {
      done();
    }
  });
}

void ChatClient::fillGap(const QString& key, qint64 after, qint64 until, int pagesLeft,
                         std::function<void()> done) {
  if (pagesLeft == 0) {
    done();
    return;
  }
  Json query{{"op", "history"}, {"after", after}, {"limit", kGapPage}};
  query[isRoomKey(key) ? "room" : "with"] = targetName(key).toStdString();
  request(query, [this, key, until, pagesLeft, done = std::move(done)](const Json& reply) {
    qint64 last = 0;
    std::size_t count = 0;
    if (isOk(reply)) {
      for (const auto& event : reply["messages"]) {
        addServerMessage(key, event, Arrival::Older);
        last = std::max(last, event.value("msg_id", qint64{0}));
        ++count;
      }
    }
    if (count < static_cast<std::size_t>(kGapPage) || last >= until) {
      done();
      return;
    }
    fillGap(key, last, until, pagesLeft - 1, done);
  });
}
