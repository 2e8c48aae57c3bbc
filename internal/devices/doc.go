// Package devices holds the registers of chapter 6 (物理的セキュリティ): the
// devices (機器, 6.1, 6.4, 8.1.13, 8.1.14), the removable media
// (電磁的記録媒体, 6.4.3, 4.2カ) and the managed areas (管理区域, 6.2) that
// hold the city's information assets. It imports neither SQL nor HTTP.
package devices
