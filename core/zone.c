/* zone.c -- default time zones by country and region. */
#include "zone.h"

#include <string.h>
#include <strings.h>

#include "text.h"

struct zone_rule {
	const char *country;
	const char *word; /* folded; found in the region or city, or NULL */
	const char *zone;
};

/* Regions first, then each country's zone for the rest of it. */
static const struct zone_rule rules[] = {
	{ "CL", "magallanes", "America/Punta_Arenas" },
	{ "CL", "punta_arenas", "America/Punta_Arenas" },
	{ "CL", "puerto_natales", "America/Punta_Arenas" },
	{ "CL", "porvenir", "America/Punta_Arenas" },
	{ "CL", "puerto_williams", "America/Punta_Arenas" },
	{ "CL", "isla_de_pascua", "Pacific/Easter" },
	{ "CL", "rapa_nui", "Pacific/Easter" },
	{ "CL", NULL, "America/Santiago" },
	{ "PE", NULL, "America/Lima" },
	{ "ES", "canarias", "Atlantic/Canary" },
	{ "ES", "canary", "Atlantic/Canary" },
	{ "ES", "las_palmas", "Atlantic/Canary" },
	{ "ES", "tenerife", "Atlantic/Canary" },
	{ "ES", NULL, "Europe/Madrid" },
	{ "MX", "quintana_roo", "America/Cancun" },
	{ "MX", "baja_california_sur", "America/Mazatlan" },
	{ "MX", "baja_california", "America/Tijuana" },
	{ "MX", "sonora", "America/Hermosillo" },
	{ "MX", NULL, "America/Mexico_City" },
	{ "US", "hawaii", "Pacific/Honolulu" },
	{ "US", "alaska", "America/Anchorage" },
	{ "US", "arizona", "America/Phoenix" },
	{ "US", "california", "America/Los_Angeles" },
	{ "US", "washington", "America/Los_Angeles" },
	{ "US", "oregon", "America/Los_Angeles" },
	{ "US", "nevada", "America/Los_Angeles" },
	{ "US", "texas", "America/Chicago" },
	{ "US", "illinois", "America/Chicago" },
	{ "US", "colorado", "America/Denver" },
	{ "US", "utah", "America/Denver" },
	{ "US", NULL, "America/New_York" },
};

const char *cb_zone_default(const char *country, const char *region,
    const char *city)
{
	char r[128] = "", c[128] = "";
	if (country == NULL)
		return NULL;
	if (region)
		cb_text_fold(region, r, sizeof r);
	if (city)
		cb_text_fold(city, c, sizeof c);
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		const struct zone_rule *z = &rules[i];
		if (strcasecmp(z->country, country) != 0)
			continue;
		if (z->word == NULL || strstr(r, z->word) || strstr(c, z->word))
			return z->zone;
	}
	return NULL;
}
