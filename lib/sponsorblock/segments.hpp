#pragma once
// SponsorBlock's skip-segments answer, bytes in, segments out. The request names only the first 4
// hex digits of the SHA-256 of the video id, so the server never learns which video we want: it
// answers with the segments of every video in that bucket, and ours are picked out here.
// https://wiki.sponsor.ajay.app/w/API_Docs (GET /api/skipSegments/:sha256HashPrefix)
#include <string>
#include <string_view>
#include <vector>

#include <optional>
#include "pipeline/sponsor_report.hpp"

namespace ytm::sponsorblock {

using pipeline::SponsorSegment;

// Segments whose videoDuration differs from the video's by more than this are from another cut
// of the video (re-uploaded, trimmed) and would land on the wrong words.
inline constexpr double duration_tolerance_seconds = 3;

std::string hash_prefix(std::string_view video_id);
// base_url/api/skipSegments/PREFIX?categories=[…]&actionTypes=["skip","mute"]
std::string lookup_url(std::string_view base_url, std::string_view video_id,
                       const std::vector<std::string>& categories);

// The segments of video_id in an answer, sorted by start; duration: the video's, 0 when unknown.
// nullopt when the body is not the documented JSON.
std::optional<std::vector<SponsorSegment>> read_answer(std::string_view body, std::string_view video_id,
                                                       double duration, const std::vector<std::string>& categories);

// As the store keeps them.
std::string segments_json(const std::vector<SponsorSegment>& segments);
std::vector<SponsorSegment> segments_from_json(std::string_view text);

}  // namespace ytm::sponsorblock
