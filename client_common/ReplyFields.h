#pragma once

#include <QString>

#include <nlohmann/json.hpp>

// Reading the server's frames in the GUIs.
namespace reply_fields {

// A string field as Qt text; empty when missing.
inline QString str(const nlohmann::json& frame, const char* key) {
  return QString::fromStdString(frame.value(key, std::string{}));
}

inline bool isOk(const nlohmann::json& reply) {
  return reply.value("type", "") == "ok";
}

// What to show for an error frame: its message, else its code.
inline QString errorText(const nlohmann::json& reply) {
  return QString::fromStdString(reply.value("message", reply.value("code", std::string{"error"})));
}

}  // namespace reply_fields
