package web

import (
	"html/template"
	"net/http"
	"sort"
	"strings"
)

// apiDocsPage is the browsable form of the OpenAPI document, rendered by
// the server from the same list of operations (no script, no CDN): each
// operation with who may call it, its parameters, its body and its answer.
const apiDocsPage = `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kijun API（OpenAPI）</title>
<link rel="stylesheet" href="/static/kijun.css"></head>
<body>
<header><p><a href="/">Kijun 基準</a></p></header>
<main id="main">
<h1>Kijun API</h1>
<p>機械が読める文書: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>（OpenAPI 3.1）。
認証は個人の APIトークン（<code>Authorization: Bearer kjn_…</code>、アカウント画面で発行）。
エラーはすべて RFC 9457 の problem details（<code>application/problem+json</code>）で、項目と理由を返します。
更新には <code>If-Match</code>、POST の再送には <code>Idempotency-Key</code> を使えます。</p>
<p lang="en">Errors are RFC 9457 problem details naming each field; send <code>Accept-Language: en</code> for English.
Updates need <code>If-Match</code> with the ETag read; a POST may carry an <code>Idempotency-Key</code>.</p>
<nav aria-label="目次"><ul>{{range .}}<li><a href="#{{.ID}}"><code>{{.Method}} {{.Path}}</code></a></li>{{end}}</ul></nav>
{{range .}}<section aria-labelledby="{{.ID}}">
<h2 id="{{.ID}}"><code>{{.Method}} {{.Path}}</code></h2>
<p>{{.Summary}}</p>
<dl><dt>operationId</dt><dd><code>{{.ID}}</code></dd>
<dt>利用できる人 / Who</dt><dd>{{.Who}}</dd>
{{if .Request}}<dt>本文 / Body</dt><dd><a href="/api/v1/openapi.json"><code>{{.Request}}</code></a></dd>{{end}}
<dt>応答 / Answer</dt><dd>{{.Status}} <code>{{.Response}}</code>; それ以外は <code>Problem</code></dd></dl>
{{if .Params}}<table><caption>パラメータ / Parameters</caption>
<thead><tr><th scope="col">名前</th><th scope="col">場所</th><th scope="col">型</th><th scope="col">説明</th></tr></thead>
<tbody>{{range .Params}}<tr><th scope="row"><code>{{.Name}}</code>{{if .Required}} *{{end}}</th><td>{{.In}}</td><td>{{.Type}}</td><td>{{.Description}}</td></tr>{{end}}</tbody>
</table>{{end}}
</section>{{end}}
</main>
</body>
</html>
`

// apiDoc is one operation as the page shows it.
type apiDoc struct {
	operation
	Who    string
	Status int
}

func (s *Server) handleAPIDocs(w http.ResponseWriter, r *http.Request) error {
	t, err := template.New("api").Parse(apiDocsPage)
	if err != nil {
		return err
	}
	var docs []apiDoc
	for _, op := range s.apiOperations() {
		who := op.Rule.name
		if who == "" {
			who = ruleStaff.name
		}
		st := op.Status
		if st == 0 {
			st = http.StatusOK
		}
		docs = append(docs, apiDoc{operation: op, Who: who, Status: st})
	}
	sort.SliceStable(docs, func(i, j int) bool { return strings.Compare(docs[i].Path, docs[j].Path) < 0 })
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return t.Execute(w, docs)
}
