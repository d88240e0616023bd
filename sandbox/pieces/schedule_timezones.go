package pieces

import "strings"

// timezoneGroups are the schedule piece's timezone options in its order, as
// (GMT offset, zones) pairs: the piece labels each zone with the offset it
// had when the list was written, so the offsets are data, not computed.
var timezoneGroups = []struct{ offset, zones string }{
	{"-11:00", "Pacific/Midway Pacific/Niue Pacific/Pago_Pago"},
	{"-10:00", "Pacific/Honolulu Pacific/Rarotonga Pacific/Tahiti"},
	{"-09:30", "Pacific/Marquesas"},
	{"-09:00", "America/Adak Pacific/Gambier"},
	{"-08:00", "America/Anchorage America/Juneau America/Metlakatla America/Nome America/Sitka America/Yakutat " +
		"Pacific/Pitcairn"},
	{"-07:00", "America/Creston America/Dawson America/Dawson_Creek America/Fort_Nelson America/Hermosillo " +
		"America/Los_Angeles America/Mazatlan America/Phoenix America/Tijuana America/Vancouver " +
		"America/Whitehorse"},
	{"-06:00", "America/Bahia_Banderas America/Belize America/Boise America/Cambridge_Bay America/Chihuahua " +
		"America/Ciudad_Juarez America/Costa_Rica America/Denver America/Edmonton America/El_Salvador " +
		"America/Guatemala America/Inuvik America/Managua America/Merida America/Mexico_City " +
		"America/Monterrey America/Regina America/Swift_Current America/Tegucigalpa Pacific/Easter " +
		"Pacific/Galapagos"},
	{"-05:00", "America/Atikokan America/Bogota America/Cancun America/Cayman America/Chicago America/Eirunepe " +
		"America/Guayaquil America/Indiana/Knox America/Indiana/Tell_City America/Jamaica America/Lima " +
		"America/Matamoros America/Menominee America/North_Dakota/Beulah America/North_Dakota/Center " +
		"America/North_Dakota/New_Salem America/Ojinaga America/Panama America/Rankin_Inlet " +
		"America/Resolute America/Rio_Branco America/Winnipeg"},
	{"-04:00", "America/Anguilla America/Antigua America/Aruba America/Asuncion America/Barbados " +
		"America/Blanc-Sablon America/Boa_Vista America/Campo_Grande America/Caracas America/Cuiaba " +
		"America/Curacao America/Detroit America/Dominica America/Grand_Turk America/Grenada " +
		"America/Guadeloupe America/Guyana America/Havana America/Indiana/Indianapolis " +
		"America/Indiana/Marengo America/Indiana/Petersburg America/Indiana/Vevay " +
		"America/Indiana/Vincennes America/Indiana/Winamac America/Iqaluit America/Kentucky/Louisville " +
		"America/Kentucky/Monticello America/Kralendijk America/La_Paz America/Lower_Princes " +
		"America/Manaus America/Marigot America/Martinique America/Montserrat America/Nassau " +
		"America/New_York America/Port_of_Spain America/Port-au-Prince America/Porto_Velho " +
		"America/Puerto_Rico America/Santiago America/Santo_Domingo America/St_Barthelemy " +
		"America/St_Kitts America/St_Lucia America/St_Thomas America/St_Vincent America/Toronto " +
		"America/Tortola"},
	{"-03:00", "America/Araguaina America/Argentina/Buenos_Aires America/Argentina/Catamarca " +
		"America/Argentina/Cordoba America/Argentina/Jujuy America/Argentina/La_Rioja " +
		"America/Argentina/Mendoza America/Argentina/Rio_Gallegos America/Argentina/Salta " +
		"America/Argentina/San_Juan America/Argentina/San_Luis America/Argentina/Tucuman " +
		"America/Argentina/Ushuaia America/Bahia America/Belem America/Cayenne America/Fortaleza " +
		"America/Glace_Bay America/Goose_Bay America/Halifax America/Maceio America/Moncton " +
		"America/Montevideo America/Paramaribo America/Punta_Arenas America/Recife America/Santarem " +
		"America/Sao_Paulo America/Thule Antarctica/Palmer Antarctica/Rothera Atlantic/Bermuda " +
		"Atlantic/Stanley"},
	{"-02:30", "America/St_Johns"},
	{"-02:00", "America/Miquelon America/Noronha America/Nuuk Atlantic/South_Georgia"},
	{"-01:00", "Atlantic/Cape_Verde"},
	{"", "Africa/Abidjan Africa/Accra Africa/Bamako Africa/Banjul Africa/Bissau Africa/Conakry " +
		"Africa/Dakar Africa/Freetown Africa/Lome Africa/Monrovia Africa/Nouakchott Africa/Ouagadougou " +
		"Africa/Sao_Tome America/Danmarkshavn America/Scoresbysund Atlantic/Azores Atlantic/Reykjavik " +
		"Atlantic/St_Helena UTC"},
	{"+01:00", "Africa/Algiers Africa/Bangui Africa/Brazzaville Africa/Casablanca Africa/Douala Africa/El_Aaiun " +
		"Africa/Kinshasa Africa/Lagos Africa/Libreville Africa/Luanda Africa/Malabo Africa/Ndjamena " +
		"Africa/Niamey Africa/Porto-Novo Africa/Tunis Atlantic/Canary Atlantic/Faroe Atlantic/Madeira " +
		"Europe/Dublin Europe/Guernsey Europe/Isle_of_Man Europe/Jersey Europe/Lisbon Europe/London"},
	{"+02:00", "Africa/Blantyre Africa/Bujumbura Africa/Ceuta Africa/Gaborone Africa/Harare Africa/Johannesburg " +
		"Africa/Juba Africa/Khartoum Africa/Kigali Africa/Lubumbashi Africa/Lusaka Africa/Maputo " +
		"Africa/Maseru Africa/Mbabane Africa/Tripoli Africa/Windhoek Antarctica/Troll Arctic/Longyearbyen " +
		"Europe/Amsterdam Europe/Andorra Europe/Belgrade Europe/Berlin Europe/Bratislava Europe/Brussels " +
		"Europe/Budapest Europe/Busingen Europe/Copenhagen Europe/Gibraltar Europe/Kaliningrad " +
		"Europe/Ljubljana Europe/Luxembourg Europe/Madrid Europe/Malta Europe/Monaco Europe/Oslo " +
		"Europe/Paris Europe/Podgorica Europe/Prague Europe/Rome Europe/San_Marino Europe/Sarajevo " +
		"Europe/Skopje Europe/Stockholm Europe/Tirane Europe/Vaduz Europe/Vatican Europe/Vienna " +
		"Europe/Warsaw Europe/Zagreb Europe/Zurich"},
	{"+03:00", "Africa/Addis_Ababa Africa/Asmara Africa/Cairo Africa/Dar_es_Salaam Africa/Djibouti " +
		"Africa/Kampala Africa/Mogadishu Africa/Nairobi Antarctica/Syowa Asia/Aden Asia/Amman " +
		"Asia/Baghdad Asia/Bahrain Asia/Beirut Asia/Damascus Asia/Famagusta Asia/Gaza Asia/Hebron " +
		"Asia/Jerusalem Asia/Kuwait Asia/Nicosia Asia/Qatar Asia/Riyadh Europe/Athens Europe/Bucharest " +
		"Europe/Chisinau Europe/Helsinki Europe/Istanbul Europe/Kirov Europe/Kyiv Europe/Mariehamn " +
		"Europe/Minsk Europe/Moscow Europe/Riga Europe/Simferopol Europe/Sofia Europe/Tallinn " +
		"Europe/Vilnius Europe/Volgograd Indian/Antananarivo Indian/Comoro Indian/Mayotte"},
	{"+03:30", "Asia/Tehran"},
	{"+04:00", "Asia/Baku Asia/Dubai Asia/Muscat Asia/Tbilisi Asia/Yerevan Europe/Astrakhan Europe/Samara " +
		"Europe/Saratov Europe/Ulyanovsk Indian/Mahe Indian/Mauritius Indian/Reunion"},
	{"+04:30", "Asia/Kabul"},
	{"+05:00", "Antarctica/Mawson Asia/Aqtau Asia/Aqtobe Asia/Ashgabat Asia/Atyrau Asia/Dushanbe Asia/Karachi " +
		"Asia/Oral Asia/Qyzylorda Asia/Samarkand Asia/Tashkent Asia/Yekaterinburg Indian/Kerguelen " +
		"Indian/Maldives"},
	{"+05:30", "Asia/Colombo Asia/Kolkata"},
	{"+05:45", "Asia/Kathmandu"},
	{"+06:00", "Antarctica/Vostok Asia/Almaty Asia/Bishkek Asia/Dhaka Asia/Omsk Asia/Qostanay Asia/Thimphu " +
		"Asia/Urumqi Indian/Chagos"},
	{"+06:30", "Asia/Yangon Indian/Cocos"},
	{"+07:00", "Antarctica/Davis Asia/Bangkok Asia/Barnaul Asia/Ho_Chi_Minh Asia/Hovd Asia/Jakarta " +
		"Asia/Krasnoyarsk Asia/Novokuznetsk Asia/Novosibirsk Asia/Phnom_Penh Asia/Pontianak Asia/Tomsk " +
		"Asia/Vientiane Indian/Christmas"},
	{"+08:00", "Asia/Brunei Asia/Choibalsan Asia/Hong_Kong Asia/Irkutsk Asia/Kuala_Lumpur Asia/Kuching " +
		"Asia/Macau Asia/Makassar Asia/Manila Asia/Shanghai Asia/Singapore Asia/Taipei Asia/Ulaanbaatar " +
		"Australia/Perth"},
	{"+08:45", "Australia/Eucla"},
	{"+09:00", "Asia/Chita Asia/Dili Asia/Jayapura Asia/Khandyga Asia/Pyongyang Asia/Seoul Asia/Tokyo " +
		"Asia/Yakutsk Pacific/Palau"},
	{"+09:30", "Australia/Adelaide Australia/Broken_Hill Australia/Darwin"},
	{"+10:00", "Antarctica/DumontDUrville Antarctica/Macquarie Asia/Ust-Nera Asia/Vladivostok Australia/Brisbane " +
		"Australia/Hobart Australia/Lindeman Australia/Melbourne Australia/Sydney Pacific/Chuuk " +
		"Pacific/Guam Pacific/Port_Moresby Pacific/Saipan"},
	{"+10:30", "Australia/Lord_Howe"},
	{"+11:00", "Antarctica/Casey Asia/Magadan Asia/Sakhalin Asia/Srednekolymsk Pacific/Bougainville " +
		"Pacific/Efate Pacific/Guadalcanal Pacific/Kosrae Pacific/Norfolk Pacific/Noumea Pacific/Pohnpei"},
	{"+12:00", "Antarctica/McMurdo Asia/Anadyr Asia/Kamchatka Pacific/Auckland Pacific/Fiji Pacific/Funafuti " +
		"Pacific/Kwajalein Pacific/Majuro Pacific/Nauru Pacific/Tarawa Pacific/Wake Pacific/Wallis"},
	{"+12:45", "Pacific/Chatham"},
	{"+13:00", "Pacific/Apia Pacific/Fakaofo Pacific/Kanton Pacific/Tongatapu"},
	{"+14:00", "Pacific/Kiritimati"},
}

// timezoneOptions lists the timezone dropdown's options, labelled as the
// piece labels them: "(GMT-04:00) America, St. Kitts" for America/St_Kitts.
func timezoneOptions() []staticOption {
	var out []staticOption
	label := strings.NewReplacer("/", ", ", "St_", "St. ", "_", " ")
	for _, g := range timezoneGroups {
		for zone := range strings.FieldsSeq(g.zones) {
			out = append(out, staticOption{Label: "(GMT" + g.offset + ") " + label.Replace(zone), Value: zone})
		}
	}
	return out
}
