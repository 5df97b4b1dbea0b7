// URL and proxy parsing for the client (Boost.URL).
#include "core/text.hpp"
#include "net/detail/connection.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace ytm::net::detail {
namespace urls = boost::urls;
namespace {

std::string base64(std::string_view in) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += table[(v >> shift) & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += i + 1 < in.size() ? table[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

Outcome<Target> parse_target(std::string_view url) {
  auto bad = [&](std::string_view why) {
    return Failure::permanent(FailureCode::bad_url, "'" + std::string(url) + "' is not a usable URL: " + std::string(why));
  };
  auto parsed = urls::parse_uri(url);
  if (!parsed) return bad(parsed.error().message());
  const urls::url_view& u = *parsed;
  Target t;
  if (u.scheme_id() == urls::scheme::https) {
    t.tls = true;
  } else if (u.scheme_id() != urls::scheme::http) {
    return bad("only http and https are supported");
  }
  if (!u.has_authority() || u.encoded_host().empty()) return bad("no host");
  if (u.host_type() == urls::host_type::ipvfuture) return bad("unsupported address form");
  t.host = ascii_lower(u.host_address());
  t.port = u.has_port() && !u.port().empty() ? std::string(u.port()) : (t.tls ? "443" : "80");
  std::string host_part = u.host_type() == urls::host_type::ipv6 ? "[" + t.host + "]" : t.host;
  bool default_port = t.port == (t.tls ? "443" : "80");
  t.host_header = default_port ? host_part : host_part + ":" + t.port;
  t.target = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
  if (u.has_query()) t.target += "?" + std::string(u.encoded_query());
  t.shown = (t.tls ? "https://" : "http://") + t.host_header + t.target;
  return t;
}

std::optional<Proxy> parse_proxy(std::string_view url) {
  if (url.empty()) return std::nullopt;
  auto parsed = urls::parse_uri(url);
  // The URL may carry a password: never repeat it.
  auto invalid = [](std::string_view why) { return std::invalid_argument("proxy URL: " + std::string(why)); };
  if (!parsed) throw invalid(parsed.error().message());
  const urls::url_view& u = *parsed;
  if (u.scheme_id() != urls::scheme::http) throw invalid("only http:// proxies are supported");
  if (u.encoded_host().empty()) throw invalid("no host");
  Proxy p;
  p.host = ascii_lower(u.host_address());
  p.port = u.has_port() && !u.port().empty() ? std::string(u.port()) : "80";
  if (u.has_userinfo()) p.authorization = "Basic " + base64(u.userinfo());
  return p;
}

}  // namespace ytm::net::detail
