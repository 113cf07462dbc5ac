#include "net/timestamp.hpp"

#include <cstdint>

namespace confab::net {
namespace {

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Days since 1970-01-01 to the proleptic Gregorian date (H. Hinnant's
// civil_from_days). Every message is stamped, and gmtime_r takes glibc's
// time-zone lock and snprintf parses its format on each call.
CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2);
  return {year, month, day};
}

void put_digits(char* out, std::int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::string format_timestamp(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto millis_since_epoch = duration_cast<milliseconds>(when.time_since_epoch()).count();
  constexpr std::int64_t kMillisPerDay = 86'400'000;
  std::int64_t days = millis_since_epoch / kMillisPerDay;
  std::int64_t millis_of_day = millis_since_epoch % kMillisPerDay;
  if (millis_of_day < 0) {
    millis_of_day += kMillisPerDay;
    --days;
  }
  const auto date = civil_from_days(days);
  std::string text = "0000-00-00T00:00:00.000Z";
  put_digits(&text[0], date.year, 4);
  put_digits(&text[5], date.month, 2);
  put_digits(&text[8], date.day, 2);
  put_digits(&text[11], millis_of_day / 3'600'000, 2);
  put_digits(&text[14], millis_of_day / 60'000 % 60, 2);
  put_digits(&text[17], millis_of_day / 1000 % 60, 2);
  put_digits(&text[20], millis_of_day % 1000, 3);
  return text;
}

}  // namespace confab::net
