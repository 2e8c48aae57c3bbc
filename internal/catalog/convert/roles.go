package convert

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"kijun/internal/catalog"
)

// Roles matches the names a standard gives its roles to Kijun's role
// vocabulary. Cities name the same role differently (統括情報セキュリティ責任者
// for 情報セキュリティ統括責任者, 最高情報セキュリティ責任者 for CISO), so the
// table holds every name known for each role, and a city extends it with
// its own.
type Roles struct {
	names []roleName // longest first
}

type roleName struct {
	word string
	role catalog.Role
}

// defaultRoleNames are the names of the roles in Kobe's standard and in
// the 総務省 guideline, and the variants cities use (3. 組織体制).
var defaultRoleNames = map[catalog.Role][]string{
	catalog.RoleCISO:             {"CISO", "情報セキュリティ最高責任者", "最高情報セキュリティ責任者", "最高情報セキュリティオフィサー"},
	catalog.RoleSecurityDirector: {"情報セキュリティ統括責任者", "統括情報セキュリティ責任者"},
	catalog.RoleSecurityManager:  {"情報セキュリティ管理者"},
	catalog.RoleInfraManager:     {"情報基盤管理者", "情報システム基盤管理者"},
	catalog.RoleInfoOfficer:      {"情報責任者", "情報セキュリティ責任者"},
	catalog.RoleInfoManager:      {"情報管理者", "課室情報セキュリティ責任者"},
	catalog.RoleSystemOwner:      {"業務システム責任者", "情報システム責任者"},
	catalog.RoleSystemAdmin:      {"業務システム管理者", "情報システム管理者", "情報システム担当者"},
	catalog.RoleAuditDirector:    {"情報セキュリティ監査統括責任者", "情報セキュリティ監査責任者"},
	catalog.RoleStaff:            {"職員等", "メールアドレス保有者", "職員"},
	catalog.RoleContractor:       {"委託事業者", "委託業務従事者", "外部委託事業者"},
	catalog.RoleCSIRT:            {"CSIRT"},
	catalog.RoleFacilities:       {"施設管理部門"},
}

// DefaultRoles returns the table of role names Kijun knows.
func DefaultRoles() *Roles {
	r := &Roles{}
	for role, words := range defaultRoleNames {
		for _, w := range words {
			r.names = append(r.names, roleName{w, role})
		}
	}
	r.sort()
	return r
}

func (r *Roles) sort() {
	sort.SliceStable(r.names, func(i, j int) bool {
		a, b := r.names[i].word, r.names[j].word
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
}

// Add names word as the role; a later name for the same word wins, so a
// city can correct the defaults.
func (r *Roles) Add(role catalog.Role, word string) error {
	if !role.Valid() {
		return fmt.Errorf("未知の役割 %q (unknown role)", role)
	}
	word = strings.TrimSpace(word)
	if word == "" {
		return fmt.Errorf("役割 %s の名前が空 (empty role name)", role)
	}
	r.names = slices.DeleteFunc(r.names, func(n roleName) bool { return n.word == word })
	r.names = append(r.names, roleName{word, role})
	r.sort()
	return nil
}

// ReadRoles extends the table with a city's YAML file of role names, one
// key per role of Kijun's vocabulary:
//
//	security_director: [統括情報セキュリティ責任者]
//	info_officer: [情報セキュリティ責任者, 所属情報責任者]
func (r *Roles) ReadRoles(name string, data []byte) error {
	var m map[string][]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("%s: 役割名の表を読めない (cannot read role names: %w)", name, err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, w := range m[k] {
			if err := r.Add(catalog.Role(k), w); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	return nil
}

// In returns the roles named in s, in order of first appearance, matching
// the longest name at each place so that 情報セキュリティ管理者 is not read as
// 情報管理者.
func (r *Roles) In(s string) []catalog.Role {
	var out []catalog.Role
	for len(s) > 0 {
		hit := false
		for _, n := range r.names {
			if strings.HasPrefix(s, n.word) {
				if !slices.Contains(out, n.role) {
					out = append(out, n.role)
				}
				s = s[len(n.word):]
				hit = true
				break
			}
		}
		if !hit {
			_, size := firstRune(s)
			s = s[size:]
		}
	}
	return out
}

// Words returns the names of every role, longest first, for patterns.
func (r *Roles) words() []string {
	out := make([]string, len(r.names))
	for i, n := range r.names {
		out[i] = n.word
	}
	return out
}

func firstRune(s string) (rune, int) {
	for i, c := range s {
		if i > 0 {
			return c, i
		}
	}
	return 0, len(s)
}

// Canonical rewrites every role name in s as the reference standard names
// the role, so that 統括情報セキュリティ責任者 and 情報セキュリティ統括責任者 read
// alike when two standards are compared.
func (r *Roles) Canonical(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		hit := false
		for _, n := range r.names {
			if strings.HasPrefix(s, n.word) {
				b.WriteString(n.role.Label())
				s = s[len(n.word):]
				hit = true
				break
			}
		}
		if !hit {
			_, size := firstRune(s)
			b.WriteString(s[:size])
			s = s[size:]
		}
	}
	return b.String()
}
