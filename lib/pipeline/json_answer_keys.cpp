#include "pipeline/json_answer_keys.hpp"

#include <algorithm>
#include <map>

namespace ytm::pipeline {
namespace {

using nlohmann::json;

struct KeyNames {
  std::string_view key;
  std::vector<std::string_view> names;  // Chinese (both scripts), Japanese, Korean, German, French,
                                        // Spanish, Portuguese, Italian, Russian; English synonyms
};

// The keys of the built-in notes and summary schemas as models translate them. One word may stand
// for several keys ("内容" is a point's text and an argument's content): only the properties of the
// object at hand are candidates, so it is unambiguous where the schema is.
const std::vector<KeyNames>& key_names() {
  static const std::vector<KeyNames> table{
      {"points",
       {"要点", "要點", "重点", "ポイント", "요점", "포인트", "Punkte", "Kernpunkte", "puntos", "pontos", "punti",
        "пункты", "тезисы", "key_points"}},
      {"t",
       {"时间", "時間", "秒", "시간", "Zeit", "temps", "tiempo", "tempo", "время", "time", "seconds", "second",
        "timestamp"}},
      {"text",
       {"文本", "文字", "内容", "內容", "テキスト", "텍스트", "내용", "Text", "texte", "texto", "testo", "текст"}},
      {"quotes",
       {"引语", "引語", "引用", "语录", "語錄", "名言", "인용", "인용문", "Zitate", "citations", "citas", "citações",
        "citazioni", "цитаты"}},
      {"speaker", {"说话人",      "說話人",   "发言人", "發言人",  "讲者",     "講者",     "演讲者",  "演講者",
                   "話者",        "発言者",   "화자",   "발언자",  "Sprecher", "Redner",   "orateur", "locuteur",
                   "intervenant", "hablante", "orador", "falante", "oratore",  "relatore", "спикер",  "говорящий"}},
      {"names",
       {"名称", "名稱", "名字", "人名", "名前", "固有名詞", "이름", "명칭", "Namen", "noms", "nombres", "nomes", "nomi",
        "имена", "названия"}},
      {"terms",
       {"术语", "術語", "译名", "譯名", "用語", "용어", "Begriffe", "termes", "términos", "termos", "termini",
        "термины", "glossary", "terminology"}},
      {"intro",
       {"引言", "简介", "簡介", "介绍", "介紹", "导言", "導言", "はじめに", "紹介", "도입", "소개", "Einleitung",
        "Einführung", "introduction", "introducción", "introdução", "introduzione", "введение"}},
      {"tldr",
       {"摘要", "总结", "總結", "概要", "要約", "まとめ", "요약", "Zusammenfassung", "Kurzfassung", "résumé", "resumen",
        "resumo", "riassunto", "сводка", "резюме", "tl;dr", "summary"}},
      {"chapters",
       {"章节", "章節", "章", "チャプター", "챕터", "장", "Kapitel", "chapitres", "capítulos", "capitoli", "главы"}},
      {"start",
       {"开始", "開始", "开始时间", "開始時間", "起始时间", "起始時間", "시작", "시작 시간", "Beginn", "Start",
        "Anfang", "début", "inicio", "início", "inizio", "начало", "start_time", "begin", "from"}},
      {"end",
       {"结束", "結束", "结束时间", "結束時間", "終了", "終了時間", "종료", "끝", "종료 시간", "Ende", "fin", "fim",
        "fine", "конец", "end_time", "to"}},
      {"title",
       {"标题", "標題", "题目", "題目", "タイトル", "見出し", "제목", "Titel", "titre", "título", "titolo", "заголовок",
        "название"}},
      {"summary",
       {"概要", "摘要", "总结", "總結", "小结", "小結", "要約", "まとめ", "요약", "Zusammenfassung", "résumé",
        "resumen", "resumo", "riassunto", "резюме", "краткое содержание"}},
      {"arguments",
       {"论点", "論點", "论据", "論據", "論点", "主張", "논점", "주장", "Argumente", "argumentos", "argomenti",
        "аргументы"}},
      {"content", {"内容", "內容", "내용", "Inhalt", "contenu", "contenido", "conteúdo", "contenuto", "содержание"}},
      {"key_concepts",
       {"关键概念", "關鍵概念", "核心概念", "重要概念", "主要概念", "キーコンセプト", "핵심 개념", "주요 개념",
        "Schlüsselbegriffe", "Kernbegriffe", "Schlüsselkonzepte", "concepts clés", "conceptos clave", "conceitos-chave",
        "concetti chiave", "ключевые понятия", "concepts"}},
      {"practical_meaning",
       {"实际意义", "實際意義", "现实意义", "現實意義", "实践意义", "實踐意義", "実践的な意味", "実用的な意味",
        "실질적 의미", "실용적 의미", "praktische Bedeutung", "signification pratique", "sens pratique",
        "significado práctico", "significado prático", "significato pratico", "практическое значение"}},
      {"companies",
       {"公司", "企业", "企業", "会社", "회사", "기업", "Unternehmen", "Firmen", "entreprises", "sociétés", "empresas",
        "aziende", "компании"}},
      {"name", {"名称", "名稱", "名字", "姓名", "名前", "이름", "Name", "nom", "nombre", "nome", "имя", "название"}},
      {"context",
       {"上下文", "语境", "語境", "背景", "情境", "文脈", "맥락", "Kontext", "contexte", "contexto", "contesto",
        "контекст"}},
      {"importance",
       {"重要性", "重要程度", "重要度", "중요도", "Wichtigkeit", "Bedeutung", "importancia", "importância",
        "importanza", "важность"}},
      {"translation",
       {"翻译", "翻譯", "译文", "譯文", "翻訳", "번역", "Übersetzung", "traduction", "traducción", "tradução",
        "traduzione", "перевод"}},
      {"timestamp",
       {"时间戳",
        "時間戳",
        "时间",
        "時間",
        "タイムスタンプ",
        "타임스탬프",
        "시간",
        "Zeitstempel",
        "Zeit",
        "horodatage",
        "temps",
        "marca de tiempo",
        "tiempo",
        "marca temporal",
        "tempo",
        "время",
        "отметка времени",
        "time",
        "seconds",
        "t"}},
      {"people",
       {"人物", "人员", "人員", "人们", "人們", "登場人物", "인물", "사람", "Personen", "personnes", "personas",
        "pessoas", "persone", "люди", "персоны"}},
      {"identity",
       {"身份", "身分", "身元", "신원", "정체", "Identität", "identité", "identidad", "identidade", "identità",
        "личность"}},
      {"background",
       {"背景", "経歴", "배경", "경력", "Hintergrund", "antécédents", "parcours", "antecedentes", "trasfondo",
        "formação", "биография", "происхождение"}},
      {"views",
       {"观点", "觀點", "看法", "見解", "意見", "관점", "견해", "Ansichten", "Standpunkte", "opinions", "points de vue",
        "opiniones", "puntos de vista", "opiniões", "opinioni", "взгляды", "мнения"}},
      {"video_type",
       {"视频类型", "視頻類型", "影片類型", "类型", "類型", "動画の種類", "ビデオの種類", "種類", "영상 유형",
        "동영상 유형", "유형", "Videotyp", "Art des Videos", "type de vidéo", "tipo de video", "tipo de vídeo",
        "tipo di video", "тип видео", "type"}},
  };
  return table;
}

// A key as compared: ASCII lower case, without spaces, '_', '-' and '/' ("Video Type", "videoType",
// "video_type" are one key); other scripts as written.
std::string folded(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == ' ' || c == '_' || c == '-' || c == '/') continue;
    out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool is_written_as(std::string_view property, std::string_view key) {
  const std::string want = folded(key);
  if (folded(property) == want) return true;
  const auto& table = key_names();
  const auto entry = std::find_if(table.begin(), table.end(), [&](const KeyNames& k) { return k.key == property; });
  if (entry == table.end()) return false;
  return std::any_of(entry->names.begin(), entry->names.end(), [&](std::string_view n) { return folded(n) == want; });
}

bool fits_type(const json& value, const json& schema) {
  if (!schema.contains("type") || !schema["type"].is_string()) return false;
  const std::string type = schema["type"].get<std::string>();
  if (type == "number" || type == "integer") return value.is_number();
  if (type == "string") return value.is_string();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  if (type == "boolean") return value.is_boolean();
  return false;
}

// For each key the schema does not know, the missing properties it may stand for.
using Candidates = std::map<std::string, std::vector<std::string>>;

Candidates candidates(const json& object, const json& properties, bool by_type) {
  Candidates found;
  for (const auto& [key, member] : object.items()) {
    if (properties.contains(key)) continue;
    auto& options = found[key];
    for (const auto& [property, schema] : properties.items()) {
      if (object.contains(property)) continue;
      if (by_type ? fits_type(member, schema) : is_written_as(property, key)) options.push_back(property);
    }
  }
  return found;
}

// Renames each key with exactly one candidate that no other key shares; returns how many.
int rename_unambiguous(json& object, const Candidates& found, const std::string& path, std::string_view why,
                       std::vector<std::string>& fixes) {
  std::map<std::string, int> claims;
  for (const auto& [key, options] : found) {
    for (const auto& property : options) ++claims[property];
  }
  int renamed = 0;
  for (const auto& [key, options] : found) {
    if (options.size() != 1 || claims[options.front()] != 1) continue;
    fixes.push_back(path + "/" + key + ": read as \"" + options.front() + "\" (" + std::string(why) + ")");
    object[options.front()] = std::move(object[key]);
    object.erase(key);
    ++renamed;
  }
  return renamed;
}

void map_object(json& object, const json& schema, const std::string& path, std::vector<std::string>& fixes) {
  const json properties = schema.value("properties", json::object());
  if (properties.empty()) return;
  bool all_foreign = true;
  for (const auto& [key, member] : object.items()) all_foreign = all_foreign && !properties.contains(key);
  rename_unambiguous(object, candidates(object, properties, false), path, "the same key in another language", fixes);
  if (all_foreign)
    rename_unambiguous(object, candidates(object, properties, true), path, "the only key of its type", fixes);
}

}  // namespace

void map_keys(json& value, const json& schema, const std::string& path, std::vector<std::string>& fixes) {
  if (!schema.is_object()) return;
  if (value.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < value.size(); ++i)
      map_keys(value[i], schema["items"], path + "/" + std::to_string(i), fixes);
  }
  if (!value.is_object()) return;
  map_object(value, schema, path, fixes);
  const json properties = schema.value("properties", json::object());
  for (const auto& [name, member] : properties.items()) {
    if (value.contains(name)) map_keys(value[name], member, path + "/" + name, fixes);
  }
}

}  // namespace ytm::pipeline
