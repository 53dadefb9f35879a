/*
 * datagen_names.c - the generator's facts and vocabulary: zones, cities, real
 * venues with their home teams, Ticketmaster classification ids, and the
 * word lists the name makers combine.
 *
 * Classification ids and names are Ticketmaster's real ones (see
 * ../shared/fixtures/ticketmaster/classifications/) so that genre filters
 * and the genres job behave as they would against the live API. Everything
 * with a person's name in it is made up from first/last name lists.
 */
#include "config.h"
#include "core/common.h"
#include "app/ingest/datagen.h"

/* The generator applies these DST rules itself (see datagen.c) so output
 * does not depend on the host's tz database; the unit test compares them
 * with the system's conversion. */
const struct datagen_zone datagen_zones[] = {
    { "America/New_York", -300, DATAGEN_RULE_US },
    { "America/Chicago", -360, DATAGEN_RULE_US },
    { "America/Denver", -420, DATAGEN_RULE_US },
    { "America/Phoenix", -420, DATAGEN_RULE_NONE },
    { "America/Los_Angeles", -480, DATAGEN_RULE_US },
    { "America/Detroit", -300, DATAGEN_RULE_US },
    { "America/Indiana/Indianapolis", -300, DATAGEN_RULE_US },
    { "America/Toronto", -300, DATAGEN_RULE_US },
    { "America/Vancouver", -480, DATAGEN_RULE_US },
    { "America/Edmonton", -420, DATAGEN_RULE_US },
    { "America/Winnipeg", -360, DATAGEN_RULE_US },
    { "Europe/London", 0, DATAGEN_RULE_EU },
    { "Europe/Dublin", 0, DATAGEN_RULE_EU },
    { "Europe/Berlin", 60, DATAGEN_RULE_EU },
    { "Europe/Prague", 60, DATAGEN_RULE_EU },
    { "Europe/Amsterdam", 60, DATAGEN_RULE_EU },
    { "Australia/Brisbane", 600, DATAGEN_RULE_NONE },
    { "Australia/Sydney", 600, DATAGEN_RULE_AU },
    { "Australia/Melbourne", 600, DATAGEN_RULE_AU },
    { "Australia/Perth", 480, DATAGEN_RULE_NONE },
    { "Pacific/Auckland", 720, DATAGEN_RULE_NZ },
};
const size_t datagen_nzones = MQ_ARRAY_LEN(datagen_zones);

const struct datagen_country datagen_countries[] = {
    { "US", "United States Of America", "USD", "www.ticketmaster.com" },
    { "CA", "Canada", "CAD", "www.ticketmaster.ca" },
    { "GB", "Great Britain", "GBP", "www.ticketmaster.co.uk" },
    { "IE", "Ireland", "EUR", "www.ticketmaster.ie" },
    { "DE", "Germany", "EUR", "www.ticketmaster.de" },
    { "CZ", "Czech Republic", "CZK", "www.ticketmaster.cz" },
    { "NL", "Netherlands", "EUR", "www.ticketmaster.nl" },
    { "AU", "Australia", "AUD", "www.ticketmaster.com.au" },
    { "NZ", "New Zealand", "NZD", "www.ticketmaster.co.nz" },
};
const size_t datagen_ncountries = MQ_ARRAY_LEN(datagen_countries);

/* Market names keep Ticketmaster's own stray quote characters. */
const struct datagen_city datagen_cities[] = {
    { "New York", "New York", "NY", "US", "America/New_York", "100##", 40.7505, -73.9934, 6, 35,
      "New York/Tri-State Area" },
    { "Brooklyn", "New York", "NY", "US", "America/New_York", "112##", 40.6826, -73.9754, 2, 35,
      "New York/Tri-State Area" },
    { "Boston", "Massachusetts", "MA", "US", "America/New_York", "021##", 42.3601, -71.0589, 3, 11,
      "Boston" },
    { "Philadelphia", "Pennsylvania", "PA", "US", "America/New_York", "191##", 39.9526, -75.1652, 3,
      18, "Philadelphia" },
    { "Pittsburgh", "Pennsylvania", "PA", "US", "America/New_York", "152##", 40.4406, -79.9959, 1,
      19, "Pittsburgh" },
    { "Washington", "District of Columbia", "DC", "US", "America/New_York", "200##", 38.9072,
      -77.0369, 2, 47, " DC and Maryland\"" },
    { "Atlanta", "Georgia", "GA", "US", "America/New_York", "303##", 33.7490, -84.3880, 2, 10,
      "Atlanta" },
    { "Miami", "Florida", "FL", "US", "America/New_York", "331##", 25.7617, -80.1918, 2, 0, NULL },
    { "Orlando", "Florida", "FL", "US", "America/New_York", "328##", 28.5384, -81.3789, 1, 17,
      "Orlando" },
    { "Tampa", "Florida", "FL", "US", "America/New_York", "336##", 27.9506, -82.4572, 1, 21,
      "Tampa" },
    { "Charlotte", "North Carolina", "NC", "US", "America/New_York", "282##", 35.2271, -80.8431, 1,
      0, NULL },
    { "Raleigh", "North Carolina", "NC", "US", "America/New_York", "276##", 35.7796, -78.6382, 1,
      38, "Raleigh and Durham" },
    { "Nashville", "Tennessee", "TN", "US", "America/Chicago", "372##", 36.1627, -86.7816, 2, 0,
      NULL },
    { "Chicago", "Illinois", "IL", "US", "America/Chicago", "606##", 41.8781, -87.6298, 4, 3,
      "Chicagoland and Northern Il" },
    { "Detroit", "Michigan", "MI", "US", "America/Detroit", "482##", 42.3314, -83.0458, 1, 7,
      " Toledo & More\"" },
    { "Cleveland", "Ohio", "OH", "US", "America/New_York", "441##", 41.4993, -81.6944, 1, 0, NULL },
    { "Columbus", "Ohio", "OH", "US", "America/New_York", "432##", 39.9612, -82.9988, 1, 0, NULL },
    { "Indianapolis", "Indiana", "IN", "US", "America/Indiana/Indianapolis", "462##", 39.7684,
      -86.1581, 1, 23, "Indianapolis and More" },
    { "Milwaukee", "Wisconsin", "WI", "US", "America/Chicago", "532##", 43.0389, -87.9065, 1, 30,
      "Milwaukee and Wi" },
    { "Minneapolis", "Minnesota", "MN", "US", "America/Chicago", "554##", 44.9778, -93.2650, 1, 0,
      NULL },
    { "St. Louis", "Missouri", "MO", "US", "America/Chicago", "631##", 38.6270, -90.1994, 1, 0,
      NULL },
    { "New Orleans", "Louisiana", "LA", "US", "America/Chicago", "701##", 29.9511, -90.0715, 1, 0,
      NULL },
    { "Memphis", "Tennessee", "TN", "US", "America/Chicago", "381##", 35.1495, -90.0490, 1, 0,
      NULL },
    { "Houston", "Texas", "TX", "US", "America/Chicago", "770##", 29.7604, -95.3698, 2, 0, NULL },
    { "Dallas", "Texas", "TX", "US", "America/Chicago", "752##", 32.7767, -96.7970, 2, 0, NULL },
    { "Austin", "Texas", "TX", "US", "America/Chicago", "787##", 30.2672, -97.7431, 2, 0, NULL },
    { "San Antonio", "Texas", "TX", "US", "America/Chicago", "782##", 29.4241, -98.4936, 1, 0,
      NULL },
    { "Oklahoma City", "Oklahoma", "OK", "US", "America/Chicago", "731##", 35.4676, -97.5164, 1,
      125, "Oklahoma" },
    { "Denver", "Colorado", "CO", "US", "America/Denver", "802##", 39.7392, -104.9903, 2, 0, NULL },
    { "Salt Lake City", "Utah", "UT", "US", "America/Denver", "841##", 40.7608, -111.8910, 1, 0,
      NULL },
    { "Phoenix", "Arizona", "AZ", "US", "America/Phoenix", "850##", 33.4484, -112.0740, 2, 36,
      "Phoenix and Tucson" },
    { "Las Vegas", "Nevada", "NV", "US", "America/Los_Angeles", "891##", 36.1699, -115.1398, 2, 0,
      NULL },
    { "Los Angeles", "California", "CA", "US", "America/Los_Angeles", "900##", 34.0522, -118.2437,
      5, 27, "Los Angeles" },
    { "Anaheim", "California", "CA", "US", "America/Los_Angeles", "928##", 33.8366, -117.9143, 1,
      27, "Los Angeles" },
    { "San Diego", "California", "CA", "US", "America/Los_Angeles", "921##", 32.7157, -117.1611, 1,
      0, NULL },
    { "San Francisco", "California", "CA", "US", "America/Los_Angeles", "941##", 37.7749, -122.4194,
      3, 41, "N. California/N. Nevada" },
    { "San Jose", "California", "CA", "US", "America/Los_Angeles", "951##", 37.3382, -121.8863, 1,
      41, "N. California/N. Nevada" },
    { "Sacramento", "California", "CA", "US", "America/Los_Angeles", "958##", 38.5816, -121.4944, 1,
      41, "N. California/N. Nevada" },
    { "Seattle", "Washington", "WA", "US", "America/Los_Angeles", "981##", 47.6062, -122.3321, 2,
      42, "Seattle Area" },
    { "Portland", "Oregon", "OR", "US", "America/Los_Angeles", "972##", 45.5152, -122.6784, 1, 37,
      "Portland and More" },
    { "Buffalo", "New York", "NY", "US", "America/New_York", "142##", 42.8864, -78.8784, 1, 44,
      "Upstate New York" },
    { "Toronto", "Ontario", "ON", "CA", "America/Toronto", "M5@ #@#", 43.6532, -79.3832, 4, 102,
      " Hamilton & Area\"" },
    { "Montreal", "Quebec", "QC", "CA", "America/Toronto", "H3@ #@#", 45.5019, -73.5674, 2, 101,
      "All of Canada" },
    { "Ottawa", "Ontario", "ON", "CA", "America/Toronto", "K1@ #@#", 45.4215, -75.6972, 1, 103,
      "Ottawa and Eastern Ontario" },
    { "Vancouver", "British Columbia", "BC", "CA", "America/Vancouver", "V6@ #@#", 49.2827,
      -123.1207, 2, 111, "Vancouver and Area" },
    { "Calgary", "Alberta", "AB", "CA", "America/Edmonton", "T2@ #@#", 51.0447, -114.0719, 1, 108,
      "Calgary and Southern Alberta" },
    { "Edmonton", "Alberta", "AB", "CA", "America/Edmonton", "T5@ #@#", 53.5461, -113.4938, 1, 107,
      "Edmonton and Northern Alberta" },
    { "Winnipeg", "Manitoba", "MB", "CA", "America/Winnipeg", "R3@ #@#", 49.8951, -97.1384, 1, 0,
      NULL },
    { "London", NULL, NULL, "GB", "Europe/London", "SE1 #@@", 51.5072, -0.1276, 4, 0, NULL },
    { "Manchester", NULL, NULL, "GB", "Europe/London", "M3 #@@", 53.4808, -2.2426, 2, 0, NULL },
    { "Glasgow", NULL, NULL, "GB", "Europe/London", "G3 #@@", 55.8642, -4.2518, 1, 0, NULL },
    { "Birmingham", NULL, NULL, "GB", "Europe/London", "B1 #@@", 52.4862, -1.8904, 1, 0, NULL },
    { "Dublin", NULL, NULL, "IE", "Europe/Dublin", "D0# @#@#", 53.3498, -6.2603, 2, 0, NULL },
    { "Berlin", NULL, NULL, "DE", "Europe/Berlin", "10###", 52.5200, 13.4050, 2, 0, NULL },
    { "Hamburg", NULL, NULL, "DE", "Europe/Berlin", "22###", 53.5511, 9.9937, 1, 0, NULL },
    { "K\xc3\xb6ln", NULL, NULL, "DE", "Europe/Berlin", "50###", 50.9375, 6.9603, 1, 0, NULL },
    { "M\xc3\xbcnchen", NULL, NULL, "DE", "Europe/Berlin", "80###", 48.1351, 11.5820, 1, 0, NULL },
    { "Praha", NULL, NULL, "CZ", "Europe/Prague", "1#0 00", 50.0755, 14.4378, 2, 0, NULL },
    { "Amsterdam", NULL, NULL, "NL", "Europe/Amsterdam", "10## @@", 52.3676, 4.9041, 1, 0, NULL },
    { "Brisbane", "Queensland", "QLD", "AU", "Australia/Brisbane", "40##", -27.4698, 153.0251, 3,
      303, "Queensland" },
    { "Gold Coast", "Queensland", "QLD", "AU", "Australia/Brisbane", "42##", -28.0167, 153.4000, 1,
      303, "Queensland" },
    { "Sydney", "New South Wales", "NSW", "AU", "Australia/Sydney", "20##", -33.8688, 151.2093, 3,
      301, "All of Australia" },
    { "Melbourne", "Victoria", "VIC", "AU", "Australia/Melbourne", "30##", -37.8136, 144.9631, 3,
      301, "All of Australia" },
    { "Perth", "Western Australia", "WA", "AU", "Australia/Perth", "60##", -31.9523, 115.8613, 1,
      301, "All of Australia" },
    { "Auckland", NULL, NULL, "NZ", "Pacific/Auckland", "10##", -36.8485, 174.7633, 1, 0, NULL },
};
const size_t datagen_ncities = MQ_ARRAY_LEN(datagen_cities);

/* V: a venue; V1/V2: with one or two home teams (name, league). */
#define V(c, n, a, p, lat, lon, k)                                                                 \
    {                                                                                              \
        c, n, a, p, lat, lon, DATAGEN_##k, { NULL, NULL },                                         \
        {                                                                                          \
            DATAGEN_LG_NONE, DATAGEN_LG_NONE                                                       \
        }                                                                                          \
    }
#define V1(c, n, a, p, lat, lon, k, t, l)                                                          \
    {                                                                                              \
        c, n, a, p, lat, lon, DATAGEN_##k, { t, NULL },                                            \
        {                                                                                          \
            DATAGEN_LG_##l, DATAGEN_LG_NONE                                                        \
        }                                                                                          \
    }
#define V2(c, n, a, p, lat, lon, k, t, l, u, m)                                                    \
    {                                                                                              \
        c, n, a, p, lat, lon, DATAGEN_##k, { t, u },                                               \
        {                                                                                          \
            DATAGEN_LG_##l, DATAGEN_LG_##m                                                         \
        }                                                                                          \
    }

const struct datagen_landmark datagen_landmarks[] = {
    V2("New York", "Madison Square Garden", "7th Ave & 32nd Street", "10001", 40.7497062,
       -73.9916006, ARENA, "New York Knicks", NBA, "New York Rangers", NHL),
    V("New York", "Radio City Music Hall", "1260 Avenue of the Americas", "10020", 40.7600,
      -73.9800, THEATRE),
    V("New York", "Beacon Theatre", "2124 Broadway", "10023", 40.7805, -73.9812, THEATRE),
    V("New York", "Terminal 5", "610 W 56th St", "10019", 40.7697, -73.9926, CLUB),
    V2("Brooklyn", "Barclays Center", "620 Atlantic Avenue", "11217", 40.6826, -73.9754, ARENA,
       "Brooklyn Nets", NBA, "New York Liberty", WNBA),
    V("Brooklyn", "Brooklyn Steel", "319 Frost St", "11222", 40.7193, -73.9384, CLUB),
    V2("Boston", "TD Garden", "100 Legends Way", "02114", 42.36584100, -71.06072400, ARENA,
       "Boston Celtics", NBA, "Boston Bruins", NHL),
    V1("Boston", "Fenway Park", "4 Jersey Street", "02215", 42.3467, -71.0972, STADIUM,
       "Boston Red Sox", MLB),
    V("Boston", "Roadrunner", "89 Guest St", "02135", 42.3598, -71.1417, CLUB),
    V("Boston", "Wang Theatre", "270 Tremont St", "02116", 42.3506, -71.0647, THEATRE),
    V2("Philadelphia", "Wells Fargo Center", "3601 South Broad St", "19148", 39.90455100,
       -75.17362730, ARENA, "Philadelphia 76ers", NBA, "Philadelphia Flyers", NHL),
    V1("Philadelphia", "Lincoln Financial Field", "1 Lincoln Financial Field Way", "19148", 39.9008,
       -75.1675, STADIUM, "Philadelphia Eagles", NFL),
    V1("Philadelphia", "Citizens Bank Park", "1 Citizens Bank Way", "19148", 39.9061, -75.1665,
       STADIUM, "Philadelphia Phillies", MLB),
    V("Philadelphia", "The Fillmore Philadelphia", "29 E Allen St", "19123", 39.9665, -75.1346,
      CLUB),
    V1("Pittsburgh", "PPG Paints Arena", "1001 Fifth Avenue", "15219", 40.43884010, -79.99085510,
       ARENA, "Pittsburgh Penguins", NHL),
    V1("Pittsburgh", "PNC Park", "115 Federal St", "15212", 40.4469, -80.0057, STADIUM,
       "Pittsburgh Pirates", MLB),
    V2("Washington", "Capital One Arena", "601 F Street NW", "20004", 38.89741200, -77.02002900,
       ARENA, "Washington Wizards", NBA, "Washington Capitals", NHL),
    V("Washington", "9:30 Club", "815 V St NW", "20001", 38.9180, -77.0237, CLUB),
    V1("Washington", "Nationals Park", "1500 S Capitol St SE", "20003", 38.8730, -77.0074, STADIUM,
       "Washington Nationals", MLB),
    V1("Atlanta", "State Farm Arena", "One State Farm Drive", "30303", 33.75779600, -84.39456900,
       ARENA, "Atlanta Hawks", NBA),
    V2("Atlanta", "Mercedes-Benz Stadium", "1 AMB Drive NW", "30313", 33.7554, -84.4008, STADIUM,
       "Atlanta Falcons", NFL, "Atlanta United FC", MLS),
    V("Atlanta", "Fox Theatre - Atlanta", "660 Peachtree St NE", "30308", 33.7725, -84.3857,
      THEATRE),
    V1("Miami", "Kaseya Center", "601 Biscayne Blvd", "33132", 25.7814, -80.1870, ARENA,
       "Miami Heat", NBA),
    V1("Orlando", "Kia Center", "400 W Church St.", "32801", 28.53929300, -81.38395700, ARENA,
       "Orlando Magic", NBA),
    V1("Tampa", "Amalie Arena", "401 Channelside Dr", "33602", 27.94274300, -82.45177200, ARENA,
       "Tampa Bay Lightning", NHL),
    V1("Tampa", "Raymond James Stadium", "4201 N Dale Mabry Hwy", "33607", 27.9759, -82.5033,
       STADIUM, "Tampa Bay Buccaneers", NFL),
    V1("Charlotte", "Spectrum Center", "333 E Trade St", "28202", 35.2251, -80.8392, ARENA,
       "Charlotte Hornets", NBA),
    V1("Raleigh", "Lenovo Center", "1400 Edwards Mill Road", "27607", 35.80324200, -78.72293600,
       ARENA, "Carolina Hurricanes", NHL),
    V1("Nashville", "Bridgestone Arena", "501 Broadway", "37203", 36.1592, -86.7785, ARENA,
       "Nashville Predators", NHL),
    V("Nashville", "Ryman Auditorium", "116 5th Ave N", "37219", 36.1612, -86.7785, THEATRE),
    V1("Nashville", "Nissan Stadium", "1 Titans Way", "37213", 36.1665, -86.7713, STADIUM,
       "Tennessee Titans", NFL),
    V2("Chicago", "United Center", "1901 W Madison", "60612", 41.88124412, -87.67427375, ARENA,
       "Chicago Bulls", NBA, "Chicago Blackhawks", NHL),
    V1("Chicago", "Wrigley Field", "1060 W Addison St", "60613", 41.9484, -87.6553, STADIUM,
       "Chicago Cubs", MLB),
    V2("Chicago", "Soldier Field", "1410 Special Olympics Dr", "60605", 41.8623, -87.6167, STADIUM,
       "Chicago Bears", NFL, "Chicago Fire FC", MLS),
    V("Chicago", "The Chicago Theatre", "175 N State St", "60601", 41.8855, -87.6272, THEATRE),
    V("Chicago", "Metro", "3730 N Clark St", "60613", 41.9497, -87.6588, CLUB),
    V2("Detroit", "Little Caesars Arena", "2645 Woodward", "48201", 42.34108900, -83.05543400,
       ARENA, "Detroit Pistons", NBA, "Detroit Red Wings", NHL),
    V1("Detroit", "Comerica Park", "2100 Woodward Ave", "48201", 42.3390, -83.0485, STADIUM,
       "Detroit Tigers", MLB),
    V("Detroit", "Fox Theatre - Detroit", "2211 Woodward Ave", "48201", 42.3383, -83.0526, THEATRE),
    V1("Cleveland", "Rocket Mortgage FieldHouse", "One Center Court", "44115", 41.492401,
       -81.671204, ARENA, "Cleveland Cavaliers", NBA),
    V1("Columbus", "Nationwide Arena", "200 W Nationwide Blvd", "43215", 39.9693, -83.0061, ARENA,
       "Columbus Blue Jackets", NHL),
    V2("Indianapolis", "Gainbridge Fieldhouse", "125 S. Pennsylvania St.", "46204", 39.76406400,
       -86.15550700, ARENA, "Indiana Pacers", NBA, "Indiana Fever", WNBA),
    V1("Milwaukee", "Fiserv Forum", "1111 Vel R. Phillips Ave", "53203", 43.04228000, -87.91689600,
       ARENA, "Milwaukee Bucks", NBA),
    V2("Minneapolis", "Target Center", "600 N 1st Ave", "55403", 44.9795, -93.2760, ARENA,
       "Minnesota Timberwolves", NBA, "Minnesota Lynx", WNBA),
    V("Minneapolis", "First Avenue", "701 N 1st Ave", "55403", 44.9784, -93.2763, CLUB),
    V1("St. Louis", "Enterprise Center", "1401 Clark Ave", "63103", 38.6268, -90.2026, ARENA,
       "St. Louis Blues", NHL),
    V1("St. Louis", "Busch Stadium", "700 Clark Ave", "63102", 38.6226, -90.1928, STADIUM,
       "St. Louis Cardinals", MLB),
    V1("New Orleans", "Smoothie King Center", "1501 Dave Dixon Dr", "70113", 29.9490, -90.0821,
       ARENA, "New Orleans Pelicans", NBA),
    V1("New Orleans", "Caesars Superdome", "1500 Sugar Bowl Dr", "70112", 29.9511, -90.0812,
       STADIUM, "New Orleans Saints", NFL),
    V1("Memphis", "FedExForum", "191 Beale St", "38103", 35.1382, -90.0506, ARENA,
       "Memphis Grizzlies", NBA),
    V1("Houston", "Toyota Center - TX", "1510 Polk St", "77002", 29.759399, -95.362999, ARENA,
       "Houston Rockets", NBA),
    V1("Houston", "Daikin Park", "501 Crawford St", "77002", 29.7573, -95.3555, STADIUM,
       "Houston Astros", MLB),
    V2("Dallas", "American Airlines Center", "2500 Victory Ave", "75219", 32.7905, -96.8103, ARENA,
       "Dallas Mavericks", NBA, "Dallas Stars", NHL),
    V("Austin", "Moody Center", "2001 Robert Dedman Dr", "78712", 30.2822, -97.7320, ARENA),
    V1("Austin", "Q2 Stadium", "10414 McKalla Pl", "78758", 30.3877, -97.7195, STADIUM, "Austin FC",
       MLS),
    V("Austin", "ACL Live at The Moody Theater", "310 W Willie Nelson Blvd", "78701", 30.2654,
      -97.7470, THEATRE),
    V1("San Antonio", "Frost Bank Center", "1 AT&T Center Parkway", "78219", 29.4270, -98.4375,
       ARENA, "San Antonio Spurs", NBA),
    V1("Oklahoma City", "Paycom Center", "100 West Reno", "73102", 35.46339100, -97.51459400, ARENA,
       "Oklahoma City Thunder", NBA),
    V2("Denver", "Ball Arena", "1000 Chopper Circle", "80204", 39.7487, -105.0077, ARENA,
       "Denver Nuggets", NBA, "Colorado Avalanche", NHL),
    V1("Denver", "Coors Field", "2001 Blake St", "80205", 39.7559, -104.9942, STADIUM,
       "Colorado Rockies", MLB),
    V("Denver", "Mission Ballroom", "4242 Wynkoop St", "80216", 39.7743, -104.9810, CLUB),
    V2("Salt Lake City", "Delta Center", "301 S Temple", "84101", 40.7683, -111.9011, ARENA,
       "Utah Jazz", NBA, "Utah Mammoth", NHL),
    V2("Phoenix", "Footprint Center", "201 East Jefferson Street", "85004", 33.44589900,
       -112.07131300, ARENA, "Phoenix Suns", NBA, "Phoenix Mercury", WNBA),
    V1("Phoenix", "Chase Field", "401 E Jefferson St", "85004", 33.4455, -112.0667, STADIUM,
       "Arizona Diamondbacks", MLB),
    V1("Las Vegas", "T-Mobile Arena", "3780 Las Vegas Blvd S", "89158", 36.1029, -115.1784, ARENA,
       "Vegas Golden Knights", NHL),
    V1("Las Vegas", "Allegiant Stadium", "3333 Al Davis Way", "89118", 36.0909, -115.1833, STADIUM,
       "Las Vegas Raiders", NFL),
    V2("Los Angeles", "Crypto.com Arena", "1111 S. Figueroa St.", "90015", 34.053101, -118.264900,
       ARENA, "Los Angeles Lakers", NBA, "Los Angeles Kings", NHL),
    V1("Los Angeles", "Dodger Stadium", "1000 Vin Scully Ave", "90012", 34.0739, -118.2400, STADIUM,
       "Los Angeles Dodgers", MLB),
    V1("Los Angeles", "BMO Stadium", "3939 S Figueroa St", "90037", 34.0129, -118.2850, STADIUM,
       "Los Angeles Football Club", MLS),
    V("Los Angeles", "Hollywood Bowl", "2301 N Highland Ave", "90068", 34.1122, -118.3391, HALL),
    V("Los Angeles", "The Wiltern", "3790 Wilshire Blvd", "90010", 34.0617, -118.3087, THEATRE),
    V("Los Angeles", "Hollywood Palladium", "6215 Sunset Blvd", "90028", 34.0979, -118.3240, CLUB),
    V1("Anaheim", "Honda Center", "2695 E. Katella", "92806", 33.80780364, -117.87653112, ARENA,
       "Anaheim Ducks", NHL),
    V1("San Diego", "Petco Park", "100 Park Blvd", "92101", 32.7073, -117.1566, STADIUM,
       "San Diego Padres", MLB),
    V("San Diego", "Pechanga Arena", "3500 Sports Arena Blvd", "92110", 32.7552, -117.2120, ARENA),
    V2("San Francisco", "Chase Center", "300 16th Street", "94158", 37.76797, -122.387464, ARENA,
       "Golden State Warriors", NBA, "Golden State Valkyries", WNBA),
    V1("San Francisco", "Oracle Park", "24 Willie Mays Plaza", "94107", 37.7786, -122.3893, STADIUM,
       "San Francisco Giants", MLB),
    V("San Francisco", "The Fillmore", "1805 Geary Blvd", "94115", 37.7840, -122.4330, CLUB),
    V("San Francisco", "Bill Graham Civic Auditorium", "99 Grove St", "94102", 37.7786, -122.4177,
      HALL),
    V("San Francisco", "Cafe du Nord", "2174 Market St", "94114", 37.7665, -122.4300, CLUB),
    V1("San Jose", "SAP Center at San Jose", "525 W. Santa Clara St.", "95113", 37.3328, -121.9012,
       ARENA, "San Jose Sharks", NHL),
    V1("Sacramento", "Golden 1 Center", "500 David J Stern Walk", "95814", 38.5802, -121.4997,
       ARENA, "Sacramento Kings", NBA),
    V2("Seattle", "Climate Pledge Arena", "334 1st Ave N", "98109", 47.6221261, -122.35401604,
       ARENA, "Seattle Kraken", NHL, "Seattle Storm", WNBA),
    V1("Seattle", "T-Mobile Park", "1250 1st Ave S", "98134", 47.5914, -122.3325, STADIUM,
       "Seattle Mariners", MLB),
    V2("Seattle", "Lumen Field", "800 Occidental Ave S", "98134", 47.5952, -122.3316, STADIUM,
       "Seattle Seahawks", NFL, "Seattle Sounders FC", MLS),
    V("Seattle", "Paramount Theatre", "911 Pine St", "98101", 47.6134, -122.3316, THEATRE),
    V1("Portland", "Moda Center", "One Center Court, Suite 100", "97227", 45.53118896,
       -122.66645813, ARENA, "Portland Trail Blazers", NBA),
    V("Portland", "Crystal Ballroom", "1332 W Burnside St", "97209", 45.5231, -122.6835, CLUB),
    V1("Buffalo", "KeyBank Center", "One Seymour H. Knox III Plaza", "14203", 42.87494100,
       -78.87622390, ARENA, "Buffalo Sabres", NHL),
    V2("Toronto", "Scotiabank Arena", "40 Bay Street", "M5J 2X2", 43.64392540, -79.37832340, ARENA,
       "Toronto Raptors", NBA, "Toronto Maple Leafs", NHL),
    V1("Toronto", "Rogers Centre", "1 Blue Jays Way", "M5V 1J1", 43.6414, -79.3894, STADIUM,
       "Toronto Blue Jays", MLB),
    V1("Toronto", "BMO Field", "170 Princes' Blvd", "M6K 3C3", 43.6332, -79.4186, STADIUM,
       "Toronto FC", MLS),
    V1("Toronto", "Coca-Cola Coliseum", "45 Manitoba Dr", "M6K 3C3", 43.6362, -79.4150, ARENA,
       "Toronto Tempo", WNBA),
    V("Toronto", "Massey Hall", "178 Victoria St", "M5B 1T7", 43.6540, -79.3787, THEATRE),
    V("Toronto", "History", "1663 Queen St E", "M4L 1G5", 43.6690, -79.3157, CLUB),
    V1("Montreal", "Centre Bell",
       "1909 avenue des Canadiens-de-Montr\xc3\xa9"
       "al",
       "H3B 5E8", 45.49612900, -73.57047200, ARENA, "Montreal Canadiens", NHL),
    V("Montreal", "MTELUS", "59 Rue Sainte-Catherine E", "H2X 1K5", 45.5104, -73.5631, CLUB),
    V1("Ottawa", "Canadian Tire Centre", "1000 Palladium Drive", "K2V 1A5", 45.2965202, -75.9271956,
       ARENA, "Ottawa Senators", NHL),
    V("Ottawa", "National Arts Centre", "1 Elgin St", "K1P 5W1", 45.4233, -75.6931, THEATRE),
    V1("Vancouver", "Rogers Arena", "800 Griffiths Way", "V6B 6G1", 49.27766120, -123.10810740,
       ARENA, "Vancouver Canucks", NHL),
    V1("Vancouver", "BC Place", "777 Pacific Blvd", "V6B 4Y8", 49.2768, -123.1120, STADIUM,
       "Vancouver Whitecaps FC", MLS),
    V("Vancouver", "Commodore Ballroom", "868 Granville St", "V6Z 1K3", 49.2813, -123.1206, CLUB),
    V1("Calgary", "Scotiabank Saddledome", "555 Saddledome Rise SE", "T2G 2W1", 51.03856260,
       -114.05248790, ARENA, "Calgary Flames", NHL),
    V1("Edmonton", "Rogers Place", "10220 - 104 Avenue", "T5J 0H6", 53.54691100, -113.49723700,
       ARENA, "Edmonton Oilers", NHL),
    V1("Winnipeg", "Canada Life Centre", "300 Portage Ave", "R3C 5S4", 49.8928, -97.1436, ARENA,
       "Winnipeg Jets", NHL),
    V("London", "The O2", "Peninsula Square", "SE10 0DX", 51.5030, 0.0032, ARENA),
    V("London", "OVO Arena Wembley", "Arena Square, Engineers Way", "HA9 0AA", 51.5580, -0.2796,
      ARENA),
    V("London", "Royal Albert Hall", "Kensington Gore", "SW7 2AP", 51.5009, -0.1774, HALL),
    V("London", "Eventim Apollo", "45 Queen Caroline St", "W6 9QH", 51.4909, -0.2245, THEATRE),
    V("London", "O2 Academy Brixton", "211 Stockwell Rd", "SW9 9SL", 51.4651, -0.1149, CLUB),
    V1("London", "Tottenham Hotspur Stadium", "782 High Rd", "N17 0BX", 51.6043, -0.0664, STADIUM,
       "Tottenham Hotspur", EPL),
    V1("London", "Emirates Stadium", "Hornsey Rd", "N7 7AJ", 51.5549, -0.1084, STADIUM, "Arsenal",
       EPL),
    V1("London", "London Stadium", "Queen Elizabeth Olympic Park", "E20 2ST", 51.5386, -0.0166,
       STADIUM, "West Ham United", EPL),
    V("Manchester", "AO Arena", "Hunts Bank", "M3 1AR", 53.4880, -2.2440, ARENA),
    V("Manchester", "Co-op Live", "Etihad Campus", "M11 3DU", 53.4845, -2.1990, ARENA),
    V1("Manchester", "Old Trafford", "Sir Matt Busby Way", "M16 0RA", 53.4631, -2.2913, STADIUM,
       "Manchester United", EPL),
    V1("Manchester", "Etihad Stadium", "Ashton New Rd", "M11 3FF", 53.4831, -2.2004, STADIUM,
       "Manchester City", EPL),
    V("Glasgow", "OVO Hydro", "Exhibition Way", "G3 8YW", 55.8602, -4.2857, ARENA),
    V("Glasgow", "Barrowland Ballroom", "244 Gallowgate", "G4 0TT", 55.8551, -4.2366, CLUB),
    V("Birmingham", "Utilita Arena Birmingham", "King Edwards Rd", "B1 2AA", 52.4797, -1.9150,
      ARENA),
    V1("Birmingham", "Villa Park", "Trinity Rd", "B6 6HE", 52.5092, -1.8848, STADIUM, "Aston Villa",
       EPL),
    V("Dublin", "3Arena", "North Wall Quay", "D01 T0X4", 53.3475, -6.2286, ARENA),
    V("Dublin", "Olympia Theatre", "72 Dame St", "D02 K135", 53.3443, -6.2660, THEATRE),
    V1("Berlin", "Uber Arena", "Uber-Platz 1", "10243", 52.5053, 13.4430, ARENA,
       "Eisb\xc3\xa4ren Berlin", DEL),
    V("Berlin", "Columbiahalle", "Columbiadamm 13-21", "10965", 52.4832, 13.3909, CLUB),
    V("Berlin", "Tempodrom",
      "M\xc3\xb6"
      "ckernstra\xc3\x9f"
      "e 10",
      "10963", 52.5013, 13.3800, HALL),
    V1("Berlin", "Stadion An der Alten F\xc3\xb6rsterei", "An der Wuhlheide 263", "12555", 52.4573,
       13.5681, STADIUM, "1. FC Union Berlin", BUNDESLIGA),
    V1("Berlin", "Olympiastadion Berlin", "Olympischer Platz 3", "14053", 52.5147, 13.2395, STADIUM,
       "Hertha BSC", BUNDESLIGA),
    V("Hamburg", "Barclays Arena", "Sylvesterallee 10", "22525", 53.5886, 9.8995, ARENA),
    V1("Hamburg", "Volksparkstadion", "Sylvesterallee 7", "22525", 53.5872, 9.8986, STADIUM,
       "Hamburger SV", BUNDESLIGA),
    V("Hamburg", "Elbphilharmonie", "Platz der Deutschen Einheit 1", "20457", 53.5413, 9.9841,
      HALL),
    V1("K\xc3\xb6ln", "LANXESS arena", "Willy-Brandt-Platz 3", "50679", 50.9385, 6.9830, ARENA,
       "K\xc3\xb6lner Haie", DEL),
    V1("K\xc3\xb6ln", "RheinEnergieSTADION", "Aachener Str. 999", "50933", 50.9335, 6.8751, STADIUM,
       "1. FC K\xc3\xb6ln", BUNDESLIGA),
    V1("M\xc3\xbcnchen", "Olympiahalle", "Spiridon-Louis-Ring 21", "80809", 48.1750, 11.5510, ARENA,
       "EHC Red Bull M\xc3\xbcnchen", DEL),
    V1("M\xc3\xbcnchen", "Allianz Arena", "Werner-Heisenberg-Allee 25", "80939", 48.2188, 11.6247,
       STADIUM, "FC Bayern M\xc3\xbcnchen", BUNDESLIGA),
    V("Praha", "O2 arena",
      "\xc4\x8c"
      "eskomoravsk\xc3\xa1 2345/17a",
      "190 00", 50.1047, 14.4932, ARENA),
    V("Praha", "Forum Karl\xc3\xadn", "Pernerova 51", "186 00", 50.0925, 14.4482, HALL),
    V("Praha", "Lucerna Music Bar", "Vodi\xc4\x8dkova 36", "110 00", 50.0815, 14.4253, CLUB),
    V("Amsterdam", "Ziggo Dome", "De Passage 100", "1101 AX", 52.3136, 4.9371, ARENA),
    V("Amsterdam", "AFAS Live", "Johan Cruijff Boulevard 590", "1101 DS", 52.3121, 4.9440, HALL),
    V("Amsterdam", "Paradiso", "Weteringschans 6-8", "1017 SG", 52.3623, 4.8838, CLUB),
    V1("Brisbane", "Brisbane Entertainment Centre", "Melaleuca Drive, Boondall", "4034", -27.3419,
       153.0703, ARENA, "Brisbane Bullets", NBL),
    V("Brisbane", "The Fortitude Music Hall", "312-318 Brunswick Street", "4006", -27.457971,
      153.034553, CLUB),
    V("Brisbane", "The Tivoli", "52 Costin St", "4006", -27.45233, 153.03154, CLUB),
    V("Brisbane", "Riverstage", "59 Gardens Point Road", "4000", -27.47894, 153.030025, HALL),
    V2("Brisbane", "Suncorp Stadium", "40 Castlemaine St", "4064", -27.4648, 153.0095, STADIUM,
       "Brisbane Broncos", NRL, "Dolphins", NRL),
    V1("Brisbane", "The Gabba", "Vulture St", "4102", -27.4858, 153.0381, STADIUM, "Brisbane Lions",
       AFL),
    V("Brisbane", "Queensland Performing Arts Centre", "Cnr Grey & Melbourne Streets", "4101",
      -27.4738, 153.0192, THEATRE),
    V("Gold Coast", "Gold Coast Convention and Exhibition Centre", "2684-2690 Gold Coast Hwy",
      "4218", -28.0308, 153.4277, HALL),
    V1("Sydney", "Qudos Bank Arena", "19 Edwin Flack Ave", "2127", -33.8468, 151.0632, ARENA,
       "Sydney Kings", NBL),
    V("Sydney", "Sydney Opera House", "Bennelong Point", "2000", -33.8568, 151.2153, THEATRE),
    V("Sydney", "Enmore Theatre", "118-132 Enmore Rd", "2042", -33.8994, 151.1730, THEATRE),
    V1("Sydney", "Allianz Stadium", "Driver Ave", "2021", -33.8891, 151.2247, STADIUM,
       "Sydney Roosters", NRL),
    V1("Sydney", "Accor Stadium", "Edwin Flack Ave", "2127", -33.8474, 151.0634, STADIUM,
       "Canterbury-Bankstown Bulldogs", NRL),
    V("Melbourne", "Rod Laver Arena", "Olympic Blvd", "3001", -37.8216, 144.9785, ARENA),
    V1("Melbourne", "John Cain Arena", "Olympic Blvd", "3001", -37.8218, 144.9814, ARENA,
       "Melbourne United", NBL),
    V2("Melbourne", "Melbourne Cricket Ground", "Brunton Ave", "3002", -37.8200, 144.9834, STADIUM,
       "Collingwood", AFL, "Richmond", AFL),
    V1("Melbourne", "Marvel Stadium", "740 Bourke St", "3008", -37.8165, 144.9475, STADIUM,
       "Essendon", AFL),
    V("Melbourne", "Forum Melbourne", "154 Flinders St", "3000", -37.8163, 144.9690, THEATRE),
    V1("Perth", "RAC Arena", "700 Wellington St", "6000", -31.9486, 115.8520, ARENA,
       "Perth Wildcats", NBL),
    V1("Perth", "Optus Stadium", "333 Victoria Park Dr", "6100", -31.9512, 115.8890, STADIUM,
       "West Coast Eagles", AFL),
    V1("Auckland", "Spark Arena", "42-80 Mahuhu Crescent", "1010", -36.8471, 174.7797, ARENA,
       "New Zealand Breakers", NBL),
    V("Auckland", "The Civic", "269 Queen St", "1010", -36.8521, 174.7629, THEATRE),
};
const size_t datagen_nlandmarks = MQ_ARRAY_LEN(datagen_landmarks);

#undef V
#undef V1
#undef V2

/* Promoter ids other than the NBA's (seen in the fixtures) are made up. */
const struct datagen_league_info datagen_leagues[DATAGEN_NLEAGUES] = {
    [DATAGEN_LG_NBA] = { "KnvZfZ7vAde", "KZazBEonSMnZfZ7vFJA",
                         "695|NBA REGULAR SEASON|NBA REGULAR SEASON / NTL / USA" },
    [DATAGEN_LG_NHL] = { "KnvZfZ7vAdI", "KZazBEonSMnZfZ7vFEE",
                         "805|NHL REGULAR SEASON|NHL REGULAR SEASON / NTL / USA" },
    [DATAGEN_LG_MLB] = { "KnvZfZ7vAdv", "KZazBEonSMnZfZ7vF1n",
                         "1451|MLB REGULAR SEASON|MLB REGULAR SEASON / NTL / USA" },
    [DATAGEN_LG_NFL] = { "KnvZfZ7vAdE", "KZazBEonSMnZfZ7vFE1",
                         "2471|NFL REGULAR SEASON|NFL REGULAR SEASON / NTL / USA" },
    [DATAGEN_LG_MLS] = { "KnvZfZ7vA7E", "KZazBEonSMnZfZ7vFtI",
                         "2621|MLS REGULAR SEASON|MLS REGULAR SEASON / NTL / USA" },
    [DATAGEN_LG_WNBA] = { "KnvZfZ7vAde", "KZazBEonSMnZfZ7vFJF",
                          "1281|WNBA REGULAR SEASON|WNBA REGULAR SEASON / NTL / USA" },
    [DATAGEN_LG_EPL] = { "KnvZfZ7vA7E", "KZazBEonSMnZfZ7vFtt", NULL },
    [DATAGEN_LG_BUNDESLIGA] = { "KnvZfZ7vA7E", "KZazBEonSMnZfZ7vFtt", NULL },
    [DATAGEN_LG_DEL] = { "KnvZfZ7vAdI", "KZazBEonSMnZfZ7vFEl", NULL },
    [DATAGEN_LG_AFL] = { "KnvZfZ7vAdE", "KZazBEonSMnZfZ7vFEk", NULL },
    [DATAGEN_LG_NRL] = { "KnvZfZ7vA71", "KZazBEonSMnZfZ7vFt1", NULL },
    [DATAGEN_LG_NBL] = { "KnvZfZ7vAde", "KZazBEonSMnZfZ7vFJk", NULL },
};

const struct datagen_segment datagen_segments[] = {
    { "KZFzniwnSyZfZ7v7nJ", "Music", "dataAdmin-segment-00000000000003ea" },
    { "KZFzniwnSyZfZ7v7nE", "Sports", "dataAdmin-segment-00000000000003eb" },
    { "KZFzniwnSyZfZ7v7na", "Arts & Theatre", "dataAdmin-segment-00000000000003e8" },
    { "KZFzniwnSyZfZ7v7nn", "Film", "dataAdmin-segment-00000000000003ee" },
    { "KZFzniwnSyZfZ7v7n1", "Miscellaneous", "dataAdmin-segment-00000000000003e9" },
    { "KZFzniwnSyZfZ7v7nl", "Undefined", "dataAdmin-segment-00000000000003ef" },
};
const size_t datagen_nsegments = MQ_ARRAY_LEN(datagen_segments);

#define G(seg, id, name, w, namer, ...)                                                            \
    {                                                                                              \
        seg, { id, name }, { __VA_ARGS__ }, w, DATAGEN_N_##namer                                   \
    }

/* Weights are per mille of events and add up to 1000. */
const struct datagen_genre datagen_genres[] = {
    G(0, "KnvZfZ7vAeA", "Rock", 70, BAND, { "KZazBEonSMnZfZ7v6dt", "Alternative Rock" },
      { "KZazBEonSMnZfZ7v6F1", "Pop" }, { "KZazBEonSMnZfZ7v67e", "Arena Rock" },
      { "KZazBEonSMnZfZ7v66v", "Hardcore Punk" }),
    G(0, "KnvZfZ7vAev", "Pop", 60, SOLO, { "KZazBEonSMnZfZ7vk1t", "Pop" },
      { "KZazBEonSMnZfZ7vaEl", "Electro Pop" }, { "KZazBEonSMnZfZ7vk1l", "Adult Contemporary" }),
    G(0, "KnvZfZ7vAvv", "Alternative", 50, BAND, { "KZazBEonSMnZfZ7vAvJ", "Alternative" },
      { "KZazBEonSMnZfZ7vAvn", "Alternative Rock" }, { "KZazBEonSMnZfZ7vAdv", "Indie Pop" },
      { "KZazBEonSMnZfZ7vAde", "Indie Rock" }),
    G(0, "KnvZfZ7vAv6", "Country", 40, SOLO, { "KZazBEonSMnZfZ7vAFa", "Country" },
      { "KZazBEonSMnZfZ7vAae", "Contemporary Country" }, { "KZazBEonSMnZfZ7vAFI", "Bluegrass" }),
    G(0, "KnvZfZ7vAv1", "Hip-Hop/Rap", 45, RAPPER, { "KZazBEonSMnZfZ7vkvl", "Hip-Hop/Rap" },
      { "KZazBEonSMnZfZ7vkeA", "East Coast Rap" }, { "KZazBEonSMnZfZ7vaa1", "French Rap" }),
    G(0, "KnvZfZ7vAee", "R&B", 25, SOLO, { "KZazBEonSMnZfZ7vkIt", "R&B" },
      { "KZazBEonSMnZfZ7vktA", "Contemporary R&B" }, { "KZazBEonSMnZfZ7vkt7", "Classic Soul" }),
    G(0, "KnvZfZ7vAvF", "Dance/Electronic", 35, DJ, { "KZazBEonSMnZfZ7vA1E", "Dance/Electronic" },
      { "KZazBEonSMnZfZ7vAJJ", "Dance Pop" }, { "KZazBEonSMnZfZ7va1k", "Witchstep" },
      { "KZazBEonSMnZfZ7vA1n", "Acid House" }),
    G(0, "KnvZfZ7vAvE", "Jazz", 20, JAZZ, { "KZazBEonSMnZfZ7vkAa", "Jazz Funk" },
      { "KZazBEonSMnZfZ7vk7v", "Big Band" }, { "KZazBEonSMnZfZ7vkdl", "Bebop" }),
    G(0, "KnvZfZ7vAvt", "Metal", 20, BAND, { "KZazBEonSMnZfZ7vk6E", "Metal" },
      { "KZazBEonSMnZfZ7vaJ6", "Nu-Metal" }, { "KZazBEonSMnZfZ7vkFd", "Heavy Metal" },
      { "KZazBEonSMnZfZ7vaJk", "Metalcore" }),
    G(0, "KnvZfZ7vAva", "Folk", 15, SOLO, { "KZazBEonSMnZfZ7vAn7", "Folk" },
      { "KZazBEonSMnZfZ7vAnF", "Alternative Folk" }, { "KZazBEonSMnZfZ7va1F", "Indie Folk" }),
    G(0, "KnvZfZ7vAvd", "Blues", 10, SOLO, { "KZazBEonSMnZfZ7vAAd", "Blues" },
      { "KZazBEonSMnZfZ7vAk6", "Jazz Blues" }, { "KZazBEonSMnZfZ7vAAF", "Chicago Blues" }),
    G(0, "KnvZfZ7vAJ6", "Latin", 20, SOLO, { "KZazBEonSMnZfZ7va1a", "Latin" },
      { "KZazBEonSMnZfZ7vaJd", "Latin Pop" }),
    G(0, "KnvZfZ7vAeJ", "Classical", 15, ORCHESTRA, { "KZazBEonSMnZfZ7vF1A", "Classical/Vocal" },
      { "KZazBEonSMnZfZ7vaad", "Church Music" }),
    G(0, "KnvZfZ7vAe7", "Religious", 5, SOLO, { "KZazBEonSMnZfZ7v6ea", "Gospel" }),
    G(0, "KnvZfZ7vAed", "Reggae", 8, BAND, { "KZazBEonSMnZfZ7vklF", "Contemporary Reggae" },
      { "KZazBEonSMnZfZ7vklJ", "Dub" }),
    G(0, "KnvZfZ7vAvl", "Other", 7, BAND, { "KZazBEonSMnZfZ7vk1I", "Other" }),
    G(0, "KnvZfZ7vAe6", "Undefined", 10, TRIBUTE, { "KZazBEonSMnZfZ7v6JI", "Undefined" }),
    G(1, "KnvZfZ7vAde", "Basketball", 50, TEAMS, { "KZazBEonSMnZfZ7vFJA", "NBA" },
      { "KZazBEonSMnZfZ7vFJF", "WNBA" }, { "KZazBEonSMnZfZ7vFJk", "NBL" }),
    G(1, "KnvZfZ7vAdI", "Hockey", 45, TEAMS, { "KZazBEonSMnZfZ7vFEE", "NHL" },
      { "KZazBEonSMnZfZ7vFEl", "Ice Hockey" }),
    G(1, "KnvZfZ7vAdv", "Baseball", 20, TEAMS, { "KZazBEonSMnZfZ7vF1n", "MLB" }),
    G(1, "KnvZfZ7vAdE", "Football", 15, TEAMS, { "KZazBEonSMnZfZ7vFE1", "NFL" },
      { "KZazBEonSMnZfZ7vFEk", "AFL" }),
    G(1, "KnvZfZ7vA7E", "Soccer", 15, TEAMS, { "KZazBEonSMnZfZ7vFtI", "MLS" },
      { "KZazBEonSMnZfZ7vFtt", "Soccer" }),
    G(1, "KnvZfZ7vA71", "Rugby", 5, TEAMS, { "KZazBEonSMnZfZ7vFt1", "Rugby League" }),
    G(1, "KnvZfZ7vAdA", "Boxing", 6, FIGHT, { "KZazBEonSMnZfZ7vFJJ", "Boxing" }),
    G(1, "KnvZfZ7vA7d", "Martial Arts", 6, FIGHT, { "KZazBEonSMnZfZ7vFIE", "Mixed Martial Arts" }),
    G(1, "KnvZfZ7vAAk", "Wrestling", 6, WRESTLING, { "KZazBEonSMnZfZ7vFna", "Wrestling" }),
    G(1, "KnvZfZ7vA7k", "Motorsports/Racing", 6, MOTOR,
      { "KZazBEonSMnZfZ7vFt7", "Motorsports/Racing" }),
    G(1, "KnvZfZ7vAAv", "Tennis", 3, TENNIS, { "KZazBEonSMnZfZ7vFnd", "Tennis" }),
    G(1, "KnvZfZ7vAea", "Rodeo", 3, RODEO, { "KZazBEonSMnZfZ7vF1d", "Rodeo" },
      { "KZazBEonSMnZfZ7vFtk", "Bullriding" }),
    G(2, "KnvZfZ7v7l1", "Theatre", 90, SHOW, { "KZazBEonSMnZfZ7vAve", "Musical" },
      { "KZazBEonSMnZfZ7v7lt", "Drama" }, { "KZazBEonSMnZfZ7v7lI", "Comedy" },
      { "KZazBEonSMnZfZ7vAvd", "Mystery" }),
    G(2, "KnvZfZ7vAe1", "Comedy", 55, COMEDY, { "KZazBEonSMnZfZ7vF17", "Comedy" }),
    G(2, "KnvZfZ7v7nI", "Dance", 15, BALLET, { "KZazBEonSMnZfZ7v7nn", "Ballet" },
      { "KZazBEonSMnZfZ7v7nl", "Dance" }),
    G(2, "KnvZfZ7v7nJ", "Classical", 15, ORCHESTRA, { "KZazBEonSMnZfZ7v7nI", "Symphonic" },
      { "KZazBEonSMnZfZ7v7nE", "Classical/Vocal" }),
    G(2, "KnvZfZ7v7lk", "Opera", 8, OPERA, { "KZazBEonSMnZfZ7v7la", "Opera" }),
    G(2, "KnvZfZ7v7lv", "Magic & Illusion", 8, MAGIC, { "KZazBEonSMnZfZ7v7l7", "Magic" }),
    G(2, "KnvZfZ7v7n1", "Circus & Specialty Acts", 8, CIRCUS, { "KZazBEonSMnZfZ7v7n1", "Circus" }),
    G(2, "KnvZfZ7v7lJ", "Variety", 12, VARIETY, { "KZazBEonSMnZfZ7vAv7", "Cabaret" },
      { "KZazBEonSMnZfZ7vaaE", "Burlesque" }, { "KZazBEonSMnZfZ7vAvA", "Variety" }),
    G(2, "KnvZfZ7v7na", "Children's Theatre", 10, KIDS,
      { "KZazBEonSMnZfZ7v7na", "Children's Theatre" }),
    G(2, "KnvZfZ7v7la", "Spectacular", 9, SPECTACLE, { "KZazBEonSMnZfZ7v7lE", "Spectacular" }),
    G(3, "KnvZfZ7vAkk", "Documentary", 8, FILM, { "KZazBEonSMnZfZ7vFlE", "Documentary" }),
    G(3, "KnvZfZ7vAk6", "Drama", 6, FILM, { "KZazBEonSMnZfZ7vFlI", "Drama" }),
    G(3, "KnvZfZ7vAJk", "Horror", 6, FILM, { "KZazBEonSMnZfZ7vaJn", "Horror" }),
    G(3, "KnvZfZ7vAkd", "Animation", 5, FILM, { "KZazBEonSMnZfZ7vFla", "Animation" }),
    G(3, "KnvZfZ7vAk7", "Arthouse", 5, FILM, { "KZazBEonSMnZfZ7vFl1", "Arthouse" }),
    G(3, "KnvZfZ7vAkJ", "Music", 6, FILM, { "KZazBEonSMnZfZ7vave", "Music" }),
    G(3, "KnvZfZ7vAk1", "Foreign", 4, FILM, { "KZazBEonSMnZfZ7vavv", "Foreign" }),
    G(4, "KnvZfZ7vAeE", "Fairs & Festivals", 20, FESTIVAL,
      { "KZazBEonSMnZfZ7vF1F", "Fairs & Festivals" }),
    G(4, "KnvZfZ7vAAI", "Food & Drink", 12, FOOD, { "KZazBEonSMnZfZ7vFle", "Food & Drink" }),
    G(4, "KnvZfZ7vAAJ", "Hobby/Special Interest Expos", 10, EXPO,
      { "KZazBEonSMnZfZ7vFnl", "Hobby/Special Interest Expos" }),
    G(4, "KnvZfZ7vAJe", "Lecture/Seminar", 10, TALK, { "KZazBEonSMnZfZ7vaat", "Lecture/Seminar" }),
    G(4, "KnvZfZ7vA1n", "Family", 8, KIDS, { "KZazBEonSMnZfZ7vaav", "Other" }),
    G(4, "KnvZfZ7vAAt", "Holiday", 8, HOLIDAY, { "KZazBEonSMnZfZ7vFl7", "Holiday" }),
    G(4, "KnvZfZ7v7lI", "Ice Shows", 6, ICE, { "KZazBEonSMnZfZ7vAv6", "Ice Shows" }),
    G(4, "KnvZfZ7vAA1", "Comedy", 6, COMEDY, { "KZazBEonSMnZfZ7vFnn", "Comedy" }),
    G(5, "KnvZfZ7vAkI", "Undefined", 15, MISC, { "KZazBEonSMnZfZ7vavk", "Undefined" }),
};
const size_t datagen_ngenres = MQ_ARRAY_LEN(datagen_genres);

#undef G

const struct datagen_type datagen_types[] = {
    [DATAGEN_T_UNDEFINED] = { { "KZAyXgnZfZ7v7nI", "Undefined" },
                              { "KZFzBErXgnZfZ7v7lJ", "Undefined" } },
    [DATAGEN_T_TEAM] = { { "KZAyXgnZfZ7v7l1", "Group" }, { "KZFzBErXgnZfZ7vA7d", "Team" } },
    [DATAGEN_T_TRIBUTE] = { { "KZAyXgnZfZ7v7l1", "Group" },
                            { "KZFzBErXgnZfZ7vAAI", "Tribute Band" } },
    [DATAGEN_T_CONCERT] = { { "KZAyXgnZfZ7v7lt", "Event Style" },
                            { "KZFzBErXgnZfZ7vA6J", "Concert" } },
};
const size_t datagen_ntypes = MQ_ARRAY_LEN(datagen_types);

/* ---- vocabulary ---- */

static const char *const first_names[] = {
    "Ava",     "Liam",   "Maya",   "Noah",    "Zoe",    "Ethan",   "Chloe",  "Mason",  "Lena",
    "Owen",    "Ruby",   "Caleb",  "Iris",    "Jonah",  "Nora",    "Felix",  "Hazel",  "Miles",
    "Clara",   "Jasper", "Stella", "Theo",    "Ivy",    "Declan",  "Willow", "Rhys",   "Esme",
    "Tobias",  "Freya",  "Marcus", "June",    "Silas",  "Mabel",   "Elias",  "Priya",  "Mateo",
    "Sofia",   "Luca",   "Aria",   "Kai",     "Nina",   "Diego",   "Lucia",  "Omar",   "Leila",
    "Ravi",    "Anika",  "Jun",    "Mei",     "Hana",   "Kenji",   "Yara",   "Tariq",  "Amara",
    "Kofi",    "Zara",   "Dmitri", "Katya",   "Lars",   "Ingrid",  "Sven",   "Astrid", "Pierre",
    "Camille", "Jules",  "Margot", "Dante",   "Bianca", "Nico",    "Carmen", "Rafael", "Paloma",
    "Cody",    "Dolly",  "Hank",   "Loretta", "Wade",   "Tammy",   "Buck",   "Reba",   "Colt",
    "Shania",  "Travis", "Tanya",  "Dewey",   "Mavis",  "Otis",    "Etta",   "Marvin", "Gladys",
    "Curtis",  "Aretha", "Benny",  "Ella",    "Dizzy",  "Nina",    "Chet",   "Sarah",  "Harriet",
    "Wren",    "Bram",   "Cormac", "Saoirse", "Niamh",  "Finn",    "Ailsa",  "Hamish", "Isla",
    "Angus",   "Mia",    "Jakub",  "Tereza",  "Ondřej", "Eliška",  "Jonas",  "Lea",    "Matthias",
    "Greta",   "Jannik", "Sanne",  "Daan",    "Bodhi",  "Matilda", "Banjo",  "Tilly",
};

static const char *const last_names[] = {
    "Carter",     "Hayes",     "Brooks",    "Reyes",     "Morgan",    "Bennett",  "Foster",
    "Sullivan",   "Price",     "Russell",   "Griffin",   "Hale",      "Walsh",    "Murphy",
    "Doyle",      "Quinn",     "Byrne",     "Nolan",     "Keane",     "Kaplan",   "Levine",
    "Stein",      "Okafor",    "Mensah",    "Adeyemi",   "Nakamura",  "Tanaka",   "Sato",
    "Kim",        "Park",      "Nguyen",    "Tran",      "Patel",     "Shah",     "Kapoor",
    "Singh",      "Chen",      "Wong",      "Liu",       "Alvarez",   "Castillo", "Morales",
    "Vega",       "Herrera",   "Rojas",     "Silva",     "Costa",     "Moreau",   "Laurent",
    "Dubois",     "Rossi",     "Ricci",     "Bianchi",   "Novak",     "Dvořák",   "Svoboda",
    "Horák",      "Kowalski",  "Nowak",     "Schmidt",   "Becker",    "Wagner",   "Hoffmann",
    "Krüger",     "Jansen",    "de Vries",  "Bakker",    "Lindqvist", "Berg",     "Dahl",
    "Eriksen",    "Holm",      "Fraser",    "MacLeod",   "Campbell",  "Stewart",  "Graves",
    "Holloway",   "Whitaker",  "Ashford",   "Pemberton", "Thornton",  "Langley",  "Mercer",
    "Sterling",   "Monroe",    "Sinclair",  "Vance",     "Calloway",  "Baxter",   "Delaney",
    "Fitzgerald", "Harlow",    "Kingsley",  "Lockhart",  "Maddox",    "Prescott", "Radcliffe",
    "Sutton",     "Wilder",    "York",      "Abbott",    "Blackwood", "Crane",    "Drake",
    "Ellison",    "Fairchild", "Gentry",    "Hargrove",  "Irving",    "Jennings", "Knox",
    "Lowell",     "Marsh",     "Nash",      "Oakley",    "Pryor",     "Rowe",     "Shepard",
    "Tate",       "Underwood", "Voss",      "Whitfield", "Yates",     "Zeller",   "Beaumont",
    "Castellano", "Delgado",   "Espinoza",  "Fontaine",  "Garrison",  "Hollis",   "Ingram",
    "Jarvis",     "Kendrick",  "Lambert",   "Mulligan",  "Norwood",   "Ortega",   "Pacheco",
    "Ramsey",     "Salazar",   "Toussaint", "Valentine", "Winslow",   "Archer",   "Bishop",
    "Cruz",       "Dalton",    "Emerson",   "Flynn",
};

static const char *const adjectives[] = {
    "Black",    "Silver",   "Golden",   "Velvet",    "Electric", "Neon",     "Crimson",  "Midnight",
    "Wild",     "Lonely",   "Broken",   "Hollow",    "Burning",  "Frozen",   "Savage",   "Gentle",
    "Restless", "Quiet",    "Loud",     "Bright",    "Dark",     "Lucky",    "Wicked",   "Sweet",
    "Bitter",   "Strange",  "Secret",   "Lost",      "Hidden",   "Endless",  "Infinite", "Cosmic",
    "Lunar",    "Solar",    "Atomic",   "Magnetic",  "Paper",    "Glass",    "Iron",     "Copper",
    "Stone",    "Crystal",  "Diamond",  "Scarlet",   "Violet",   "Amber",    "Indigo",   "Emerald",
    "Ivory",    "Northern", "Southern", "Western",   "Eastern",  "Coastal",  "Desert",   "Mountain",
    "Urban",    "Rural",    "Modern",   "Ancient",   "Future",   "Vintage",  "Royal",    "Rebel",
    "Holy",     "Haunted",  "Dizzy",    "Sleepy",    "Happy",    "Blue",     "Red",      "Green",
    "White",    "Pale",     "Tender",   "Fearless",  "Reckless", "Careless", "Honest",   "Little",
    "Big",      "Tiny",     "Giant",    "Young",     "Old",      "New",      "Last",     "First",
    "Final",    "Second",   "Perfect",  "Beautiful", "Radiant",  "Shining",  "Falling",  "Rising",
    "Dancing",  "Howling",  "Sleeping", "Wandering", "Drifting",
};

static const char *const nouns[] = {
    "Heart",     "Fire",    "Ocean",      "River",     "Mountain",  "Desert",     "Forest",
    "Garden",    "Mirror",  "Shadow",     "Ghost",     "Dream",     "Echo",       "Thunder",
    "Lightning", "Storm",   "Rain",       "Snow",      "Sun",       "Moon",       "Star",
    "Comet",     "Galaxy",  "Planet",     "Rocket",    "Engine",    "Machine",    "Signal",
    "Radio",     "Highway", "Road",       "Bridge",    "Tower",     "Castle",     "Kingdom",
    "Empire",    "Crown",   "Throne",     "Sword",     "Arrow",     "Anchor",     "Harbor",
    "Island",    "Valley",  "Canyon",     "Prairie",   "Meadow",    "Orchard",    "Vineyard",
    "Harvest",   "Summer",  "Winter",     "Autumn",    "Spring",    "Midnight",   "Dawn",
    "Horizon",   "Compass", "Lantern",    "Candle",    "Feather",   "Velvet",     "Honey",
    "Sugar",     "Whiskey", "Diamond",    "Pearl",     "Ruby",      "Jade",       "Cobalt",
    "Neon",      "Static",  "Noise",      "Silence",   "Rhythm",    "Melody",     "Chorus",
    "Anthem",    "Ballad",  "Lullaby",    "Serenade",  "Riot",      "Revolution", "Paradise",
    "Heaven",    "Wonder",  "Miracle",    "Mystery",   "Secret",    "Promise",    "Memory",
    "Postcard",  "Letter",  "Window",     "Door",      "Room",      "House",      "Home",
    "Hotel",     "Motel",   "Diner",      "Carnival",  "Circus",    "Parade",     "Festival",
    "Rodeo",     "Saloon",  "Lighthouse", "Satellite", "Avalanche", "Wildfire",   "Tide",
    "Wave",      "Current", "Mile",       "Marathon",  "Daydream",
};

static const char *const plurals[] = {
    "Wolves",   "Foxes",     "Ravens",    "Crows",      "Sparrows",   "Tigers",   "Lions",
    "Bears",    "Horses",    "Stallions", "Mustangs",   "Coyotes",    "Jackals",  "Serpents",
    "Dragons",  "Giants",    "Kings",     "Queens",     "Saints",     "Sinners",  "Angels",
    "Devils",   "Ghosts",    "Phantoms",  "Strangers",  "Travelers",  "Drifters", "Outlaws",
    "Rebels",   "Pilots",    "Sailors",   "Pirates",    "Astronauts", "Cowboys",  "Lovers",
    "Dreamers", "Believers", "Brothers",  "Sisters",    "Daughters",  "Sons",     "Keys",
    "Locks",    "Bones",     "Stones",    "Diamonds",   "Arrows",     "Anchors",  "Lanterns",
    "Mirrors",  "Shadows",   "Echoes",    "Waves",      "Tides",      "Rivers",   "Mountains",
    "Pines",    "Oaks",      "Roses",     "Lilies",     "Daisies",    "Violets",  "Hearts",
    "Machines", "Engines",   "Rockets",   "Satellites", "Comets",     "Planets",  "Moons",
    "Suns",     "Stars",     "Lights",    "Flames",     "Embers",     "Sparks",   "Storms",
    "Clouds",   "Kids",      "Boys",      "Girls",      "Animals",    "Monsters", "Robots",
    "Wizards",
};

static const char *const streets[] = {
    "Main",     "King",     "Queen",    "Elm",       "Market",     "Park",     "River",    "Church",
    "Mill",     "Harbor",   "Union",    "Water",     "Front",      "High",     "Bay",      "Spring",
    "Lake",     "Maple",    "Oak",      "Cedar",     "Pine",       "Grand",    "Broad",    "Bridge",
    "Station",  "Victoria", "Albert",   "George",    "Wellington", "Adelaide", "Chestnut", "Walnut",
    "Commerce", "Liberty",  "Franklin", "Jefferson", "Madison",    "Lincoln",  "Hudson",   "Ocean",
};

static const char *const sponsors[] = {
    "Northwind", "Summit Bank", "Harbor Credit Union",
    "BlueRiver", "Pinnacle",    "Meridian",
    "Keystone",  "Atlas",       "Redwood",
    "Cascade",   "Evergreen",   "Silverline",
    "Beacon",    "Granite",     "Lakeshore",
    "Frontier",  "Horizon",     "Sterling",
    "Vantage",   "Orion",       "Copperleaf",
    "Halcyon",   "Ironwood",    "Bluestem",
    "Crestview", "Tidewater",   "Riverbend",
    "Foxhollow", "Oakmont",
};

static const char *const tribute_acts[] = {
    "The Beatles",     "Queen",       "ABBA",
    "Fleetwood Mac",   "Prince",      "Whitney Houston",
    "Pink Floyd",      "Elton John",  "Led Zeppelin",
    "Tom Petty",       "Bon Jovi",    "The Eagles",
    "Neil Diamond",    "Johnny Cash", "Elvis Presley",
    "Michael Jackson", "Billy Joel",  "Aretha Franklin",
    "Bob Marley",      "David Bowie", "The Rolling Stones",
    "Stevie Wonder",   "Tina Turner", "AC/DC",
};

static const char *const composers[] = {
    "Beethoven", "Mozart",       "Brahms",    "Tchaikovsky", "Mahler",  "Dvořák",  "Rachmaninoff",
    "Sibelius",  "Shostakovich", "Vivaldi",   "Bach",        "Handel",  "Haydn",   "Schubert",
    "Chopin",    "Debussy",      "Ravel",     "Stravinsky",  "Holst",   "Copland", "Gershwin",
    "Elgar",     "Mendelssohn",  "Prokofiev", "Smetana",     "Janáček",
};

static const char *const works[] = {
    "Symphony No. 1",
    "Symphony No. 2",
    "Symphony No. 3",
    "Symphony No. 4",
    "Symphony No. 5",
    "Symphony No. 6",
    "Symphony No. 7",
    "Symphony No. 9",
    "Piano Concerto No. 1",
    "Piano Concerto No. 2",
    "Violin Concerto",
    "Cello Concerto",
    "Requiem",
    "Overtures",
    "Serenade for Strings",
    "Greatest Hits",
};

static const char *const ballets[] = {
    "Swan Lake",   "The Nutcracker", "Giselle",     "Romeo and Juliet",
    "Don Quixote", "Coppélia",       "La Bayadère", "The Sleeping Beauty",
    "Cinderella",  "Le Corsaire",    "Sylvia",      "Onegin",
};

static const char *const operas[] = {
    "La Bohème",
    "Carmen",
    "Tosca",
    "The Magic Flute",
    "Madama Butterfly",
    "La Traviata",
    "Rigoletto",
    "Don Giovanni",
    "Aida",
    "The Barber of Seville",
    "Turandot",
    "The Marriage of Figaro",
    "Der Rosenkavalier",
    "Eugene Onegin",
    "Rusalka",
};

static const char *const animals[] = {
    "Dinosaur", "Dragon", "Unicorn", "Penguin", "Bear", "Fox",   "Owl",   "Tiger", "Shark",
    "Octopus",  "Panda",  "Llama",   "Rabbit",  "Frog", "Whale", "Koala", "Otter", "Kangaroo",
};

static const char *const foods[] = {
    "Taco",    "Burger", "Wine",     "Beer",    "BBQ",    "Chocolate", "Oyster",
    "Ramen",   "Pizza",  "Dumpling", "Cheese",  "Coffee", "Donut",     "Chili",
    "Seafood", "Cider",  "Whiskey",  "Tequila", "Gin",    "Rum",
};

static const char *const hobbies[] = {
    "Comic", "Home & Garden", "Boat",        "RV",    "Auto",     "Bridal", "Tattoo",
    "Anime", "Gaming",        "Model Train", "Quilt", "Antiques", "Pet",    "Outdoor Adventure",
    "Tech",  "Record",        "Vinyl",
};

static const char *const fight_brands[] = {
    "UFC Fight Night",
    "Fight Night",
    "Championship Boxing",
    "Top Rank Boxing",
    "Golden Boy Fight Night",
    "PFL",
    "Cage Warriors",
    "Matchroom Boxing",
    "Bellator",
};

static const char *const wrestling_shows[] = {
    "WWE Monday Night RAW", "WWE Friday Night SmackDown",
    "AEW Dynamite",         "AEW Collision",
    "WWE Supershow",        "TNA Wrestling",
    "Ring of Honor",        "NXT Live",
};

static const char *const motor_shows[] = {
    "Monster Jam", "AMA Supercross",      "Nitro Circus",  "Monster Truck Nationals",
    "Arenacross",  "Speedway Grand Prix", "Drift Masters", "FMX Freestyle",
};

static const char *const theme_nights[] = {
    "PRIDE NIGHT | ",
    "Fan Appreciation Night: ",
    "Preseason: ",
    "Throwback Night | ",
    "Military Appreciation Night: ",
    "Family Day: ",
    "Season Opener: ",
    "Rivalry Night | ",
    "Heritage Night: ",
    "Lunar New Year Night | ",
    "Women in Sports Night: ",
    "Kids Day: ",
    "Fireworks Night: ",
    "Bobblehead Night: ",
    "Home Opener: ",
    "Holiday Game: ",
    "Teacher Appreciation Night | ",
    "2000s DECADE NIGHT | ",
    "Hockey Fights Cancer Night - ",
    "Community Night: ",
    "Black History Month Celebration | ",
    "First Responders Night: ",
    "Hispanic Heritage Night | ",
    "Jersey Giveaway Night: ",
    "Star Wars Night | ",
    "Dollar Dog Night: ",
    "Noche Latina | ",
    "Scout Night: ",
    "College Night: ",
    "Marvel Night | ",
};

static const char *const listing_suffixes[] = {
    " - Suite Rental", " (Premium Spaces)", " (Suite)", " - Club Seats", " - Parking",
};

static const char *const presales[] = {
    "Artist Presale",
    "Live Nation Presale",
    "Ticketmaster Presale",
    "Verified Fan Presale",
    "Venue Presale",
    "Citi Cardmember Presale",
    "Spotify Fans First Presale",
    "Official Platinum",
    "Season Ticket Member Presale",
    "Fan Club Presale",
    "Local Presale",
    "VIP Packages",
};

static const char *const number_words[] = { "two (2)", "four (4)", "six (6)", "eight (8)",
                                            "ten (10)" };

/* ---- name makers ---- */

#define PICK(arr) DATAGEN_PICK(r, arr)

static void person(struct datagen_rng *r, char *out, size_t n)
{
    snprintf(out, n, "%s %s", PICK(first_names), PICK(last_names));
}

static void tour_title(struct datagen_rng *r, char *out, size_t n)
{
    switch (datagen_rng_below(r, 5)) {
    case 0:
        snprintf(out, n, "%s %s", PICK(adjectives), PICK(nouns));
        break;
    case 1:
        snprintf(out, n, "%s of %s", PICK(nouns), PICK(plurals));
        break;
    case 2:
        snprintf(out, n, "The %s", PICK(nouns));
        break;
    case 3:
        snprintf(out, n, "%s %s", PICK(adjectives), PICK(plurals));
        break;
    default:
        snprintf(out, n, "%s & %s", PICK(nouns), PICK(nouns));
        break;
    }
}

static void band(struct datagen_rng *r, char *out, size_t n)
{
    char tail[32];
    switch (datagen_rng_below(r, 7)) {
    case 0:
        snprintf(out, n, "The %s %s", PICK(adjectives), PICK(plurals));
        break;
    case 1:
        snprintf(out, n, "%s %s", PICK(adjectives), PICK(plurals));
        break;
    case 2:
        snprintf(out, n, "%s %s", PICK(nouns), PICK(plurals));
        break;
    case 3:
        snprintf(out, n, "The %s", PICK(plurals));
        break;
    case 4:
        snprintf(out, n, "%s & The %s", PICK(first_names), PICK(plurals));
        break;
    case 5:
        snprintf(out, n, "%s Band", PICK(last_names));
        break;
    default:
        /* one word made of two ("Smallpools" style) */
        snprintf(tail, sizeof(tail), "%s", PICK(plurals));
        for (char *p = tail; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        snprintf(out, n, "%s%s", PICK(nouns), tail);
    }
}

static void solo(struct datagen_rng *r, char *out, size_t n)
{
    unsigned k = datagen_rng_below(r, 10);
    if (k < 6)
        person(r, out, n);
    else if (k == 6)
        snprintf(out, n, "%s %c. %s", PICK(first_names), 'A' + (int)datagen_rng_below(r, 26),
                 PICK(last_names));
    else if (k == 7)
        snprintf(out, n, "%s %s & The %s", PICK(first_names), PICK(last_names), PICK(plurals));
    else if (k == 8)
        snprintf(out, n, "The %s %s", PICK(last_names),
                 datagen_rng_chance(r, 500) ? "Sisters" : "Brothers");
    else
        snprintf(out, n, "%s", PICK(nouns));
}

static void rapper(struct datagen_rng *r, char *out, size_t n)
{
    static const char *const pre[] = { "Lil", "Young", "MC", "Big", "Kid", "Baby", "King" };
    switch (datagen_rng_below(r, 4)) {
    case 0:
        snprintf(out, n, "%s %s", PICK(pre), PICK(nouns));
        break;
    case 1:
        snprintf(out, n, "%c.%c.%c", 'A' + (int)datagen_rng_below(r, 26),
                 'A' + (int)datagen_rng_below(r, 26), 'A' + (int)datagen_rng_below(r, 26));
        break;
    case 2:
        snprintf(out, n, "%s %s", PICK(nouns), PICK(last_names));
        break;
    default:
        snprintf(out, n, "%s%u", PICK(nouns), 10 + datagen_rng_below(r, 90));
        break;
    }
}

static void act_for(struct datagen_rng *r, enum datagen_namer namer, char *out, size_t n)
{
    static const char *const groups[] = { "Quartet", "Trio", "Quintet", "Big Band", "Ensemble" };
    switch (namer) {
    case DATAGEN_N_SOLO:
        solo(r, out, n);
        break;
    case DATAGEN_N_RAPPER:
        rapper(r, out, n);
        break;
    case DATAGEN_N_DJ:
        if (datagen_rng_chance(r, 400))
            snprintf(out, n, "DJ %s", PICK(nouns));
        else
            band(r, out, n);
        break;
    case DATAGEN_N_JAZZ:
        snprintf(out, n, "%s %s %s", PICK(first_names), PICK(last_names), PICK(groups));
        break;
    default:
        band(r, out, n);
        break;
    }
}

/* Acts with an optional tour title, the way promoters name concerts. */
static void concert(struct datagen_rng *r, enum datagen_namer namer, char *out, size_t n,
                    struct datagen_acts *acts)
{
    char *a = acts->name[0], *b = acts->name[1], tour[96];
    size_t an = sizeof(acts->name[0]);
    unsigned k = datagen_rng_below(r, 100);

    act_for(r, namer, a, an);
    acts->n = 1;
    tour_title(r, tour, sizeof(tour));
    if (k < 28) {
        snprintf(out, n, "%s", a);
    } else if (k < 52) {
        snprintf(out, n, "%s - %s Tour", a, tour);
    } else if (k < 62) {
        snprintf(out, n, "%s: The %s %s Tour", a, PICK(adjectives), PICK(nouns));
    } else if (k < 70) {
        snprintf(out, n, "%s - %s World Tour", a, tour);
    } else if (k < 82) {
        act_for(r, namer, b, an);
        acts->n = 2;
        snprintf(out, n, "%s with %s", a, b);
    } else if (k < 88) {
        snprintf(out, n, "An Evening with %s", a);
    } else if (k < 93 && namer == DATAGEN_N_DJ) {
        snprintf(out, n, "%s: [%s] Album Tour", a, PICK(nouns));
    } else if (k < 93) {
        act_for(r, namer, b, an);
        acts->n = 2;
        snprintf(out, n, "%s & %s: %s Tour", a, b, tour);
    } else if (k < 97) {
        snprintf(out, n, "%s - Live in Concert", a);
    } else {
        snprintf(out, n, "%s (%s+)", a, datagen_rng_chance(r, 500) ? "21" : "18");
    }
}

static void arts(struct datagen_rng *r, enum datagen_namer namer, const char *city, char *out,
                 size_t n, struct datagen_acts *acts)
{
    char p[96], t[96];
    person(r, p, sizeof(p));
    tour_title(r, t, sizeof(t));
    switch (namer) {
    case DATAGEN_N_COMEDY: {
        static const char *const sep[] = { ": ", " - " };
        static const char *const tail[] = { " Tour", "" };
        unsigned k = datagen_rng_below(r, 4);
        snprintf(acts->name[0], sizeof(acts->name[0]), "%s", p);
        acts->n = 1;
        if (k < 2)
            snprintf(out, n, "%s%s%s%s", p, sep[k], t, tail[k]);
        else
            snprintf(out, n, "%s%s", p, k == 2 ? " Live" : "");
        break;
    }
    case DATAGEN_N_SHOW: {
        static const char *const tail[] = {
            "", "", " - The Musical", ": A New Musical", " (Touring)", " - A New Play"
        };
        snprintf(out, n, "%s%s", t, PICK(tail));
        break;
    }
    case DATAGEN_N_BALLET:
        if (datagen_rng_chance(r, 500))
            snprintf(out, n, "%s Ballet: %s", city, PICK(ballets));
        else
            snprintf(out, n, "%s Dance Company: %s", PICK(last_names), t);
        break;
    case DATAGEN_N_OPERA:
        snprintf(out, n, "%s Opera: %s", city, PICK(operas));
        break;
    case DATAGEN_N_ORCHESTRA:
        if (datagen_rng_chance(r, 500))
            snprintf(out, n, "%s Symphony Orchestra: %s's %s", city, PICK(composers), PICK(works));
        else
            snprintf(out, n, "%s Plays %s & %s", p, PICK(composers), PICK(composers));
        break;
    case DATAGEN_N_MAGIC:
        snprintf(out, n, "%s: %s", p, t);
        break;
    case DATAGEN_N_CIRCUS:
        snprintf(out, n, "Cirque %s: %s", PICK(nouns), t);
        break;
    case DATAGEN_N_VARIETY: {
        static const char *const head[] = { "", "Drag Brunch: ", "", "The " };
        static const char *const tail[] = { " Burlesque Revue", "", " Cabaret", " Variety Hour" };
        unsigned k = datagen_rng_below(r, 4);
        snprintf(out, n, "%s%s%s", head[k], t, tail[k]);
        break;
    }
    case DATAGEN_N_KIDS:
        if (datagen_rng_chance(r, 500))
            snprintf(out, n, "%s the %s %s Live!", PICK(first_names), PICK(adjectives),
                     PICK(animals));
        else
            snprintf(out, n, "The %s %s: Live on Stage", PICK(adjectives), PICK(animals));
        break;
    case DATAGEN_N_SPECTACLE:
        snprintf(out, n, "%s: An Immersive Experience", t);
        break;
    case DATAGEN_N_TRIBUTE:
        snprintf(acts->name[0], sizeof(acts->name[0]), "The %s %s", PICK(adjectives),
                 PICK(plurals));
        acts->n = 1;
        snprintf(out, n, "%s - A Tribute to %s", acts->name[0], PICK(tribute_acts));
        break;
    default:
        snprintf(out, n, "%s", t);
        break;
    }
}

static void sports(struct datagen_rng *r, enum datagen_namer namer, const char *city, char *out,
                   size_t n, struct datagen_acts *acts)
{
    char t[96];
    tour_title(r, t, sizeof(t));
    switch (namer) {
    case DATAGEN_N_FIGHT:
        person(r, acts->name[0], sizeof(acts->name[0]));
        person(r, acts->name[1], sizeof(acts->name[1]));
        acts->n = 2;
        snprintf(out, n, "%s: %s vs. %s", PICK(fight_brands), strchr(acts->name[0], ' ') + 1,
                 strchr(acts->name[1], ' ') + 1);
        break;
    case DATAGEN_N_WRESTLING:
        snprintf(out, n, "%s - %s", PICK(wrestling_shows), t);
        break;
    case DATAGEN_N_MOTOR:
        snprintf(out, n, "%s: %s Tour", PICK(motor_shows), t);
        break;
    case DATAGEN_N_TENNIS:
        snprintf(out, n, "%s %s Open - Session %u", city, PICK(adjectives),
                 1 + datagen_rng_below(r, 12));
        break;
    default:
        snprintf(out, n, "PBR: %s Invitational", t);
        break;
    }
}

static void community(struct datagen_rng *r, enum datagen_namer namer, const char *city,
                      const char *venue, char *out, size_t n)
{
    char t[96], p[96];
    tour_title(r, t, sizeof(t));
    person(r, p, sizeof(p));
    switch (namer) {
    case DATAGEN_N_FILM: {
        static const char *const head[] = { "", "", "Shorts Program: ", "Movie Night: " };
        static const char *const tail[] = { " (Screening)", " in Concert", "", "" };
        unsigned k = datagen_rng_below(r, 4);
        if (datagen_rng_chance(r, 250))
            snprintf(out, n, "%s %s Film Festival", city, PICK(adjectives));
        else
            snprintf(out, n, "%s%s%s", head[k], t, tail[k]);
        break;
    }
    case DATAGEN_N_FESTIVAL:
        snprintf(out, n, "%s %s Festival", t, PICK(nouns));
        break;
    case DATAGEN_N_FOOD:
        snprintf(out, n, "%s %s & %s Fest", city, PICK(foods), PICK(foods));
        break;
    case DATAGEN_N_EXPO:
        snprintf(out, n, "%s %s %s Expo", city, PICK(adjectives), PICK(hobbies));
        break;
    case DATAGEN_N_TALK:
        if (datagen_rng_chance(r, 500))
            snprintf(out, n, "An Evening with %s", p);
        else
            snprintf(out, n, "%s - Live Podcast", t);
        break;
    case DATAGEN_N_HOLIDAY:
        snprintf(out, n, "%s %s at %s", PICK(adjectives),
                 datagen_rng_chance(r, 700) ? "Christmas" : "New Year's Eve", venue);
        break;
    case DATAGEN_N_ICE:
        snprintf(out, n, "%s on Ice", t);
        break;
    default: {
        static const char *const head[] = { "Parking: ", "", "VIP Club Pass - ",
                                            "Premium Seating Deposit - " };
        static const char *const tail[] = { " - Lot", " Stadium Tour - Gate", "", "" };
        unsigned k = datagen_rng_below(r, 4);
        snprintf(out, n, "%s%s%s %c", head[k], venue, tail[k], 'A' + (int)datagen_rng_below(r, 26));
    }
    }
}

void datagen_event_name(struct datagen_rng *r, enum datagen_namer namer, const char *city,
                        const char *venue, char *out, size_t n, struct datagen_acts *acts)
{
    acts->n = 0;
    if (namer <= DATAGEN_N_JAZZ)
        concert(r, namer, out, n, acts);
    else if (namer >= DATAGEN_N_FIGHT && namer <= DATAGEN_N_RODEO)
        sports(r, namer, city, out, n, acts);
    else if (namer >= DATAGEN_N_FILM)
        community(r, namer, city, venue, out, n);
    else
        arts(r, namer, city, out, n, acts);
}

void datagen_match_name(struct datagen_rng *r, enum datagen_league lg, const char *home,
                        const char *away, char *out, size_t n)
{
    const char *sep = " vs. ";
    unsigned k = datagen_rng_below(r, 10);
    if (lg == DATAGEN_LG_BUNDESLIGA || lg == DATAGEN_LG_DEL)
        sep = " - ";
    else if (lg == DATAGEN_LG_EPL || lg == DATAGEN_LG_AFL || lg == DATAGEN_LG_NRL)
        sep = " v ";
    else if (k >= 6)
        sep = k >= 9 ? " v " : " vs ";
    snprintf(out, n, "%s%s%s%s%s", datagen_rng_chance(r, 350) ? PICK(theme_nights) : "", home, sep,
             away, datagen_rng_chance(r, 60) ? PICK(listing_suffixes) : "");
}

void datagen_venue_name(struct datagen_rng *r, enum datagen_kind kind, const char *city,
                        const char *country, char *out, size_t n)
{
    static const char *const rooms[] = { "Room",   "Lounge", "Social", "Parlour",  "Saloon",
                                         "Tavern", "Cellar", "Loft",   "Ballroom", "Bar",
                                         "Club",   "House",  "Stage",  "Den",      "Hideaway" };
    static const char *const big[] = { "Arena",    "Amphitheatre", "Pavilion",   "Live",
                                       "Coliseum", "Dome",         "Field House" };
    static const char *const trade[] = { "Bank",         "Mobile", "Energy", "Insurance",
                                         "Credit Union", "Health", "Motors", "Airlines" };
    static const char *const theatres[] = { "Theatre", "Playhouse", "Opera House", "Auditorium" };
    static const char *const halls[] = { "Hall", "Convention Centre", "Exhibition Centre",
                                         "Events Centre" };
    const char *centre = strcmp(country, "US") == 0 ? "Center" : "Centre";
    unsigned k = datagen_rng_below(r, 4);

    switch (kind) {
    case DATAGEN_CLUB:
        if (k == 0)
            snprintf(out, n, "The %s %s", PICK(adjectives), PICK(rooms));
        else if (k == 1)
            snprintf(out, n, "%s %s", PICK(nouns), PICK(rooms));
        else if (k == 2)
            snprintf(out, n, "The %s %s", PICK(adjectives), PICK(nouns));
        else {
            const char *who = PICK(last_names);
            bool s_end = who[strlen(who) - 1] == 's';
            snprintf(out, n, "%s%s %s", who, s_end ? "'" : "'s", PICK(rooms));
        }
        break;
    case DATAGEN_THEATRE:
        if (k == 0)
            snprintf(out, n, "%s %s", PICK(last_names), PICK(theatres));
        else if (k == 1)
            snprintf(out, n, "%s %s Theatre", PICK(first_names), PICK(last_names));
        else if (k == 2)
            snprintf(out, n, "%s %s for the Performing Arts", PICK(last_names), centre);
        else
            snprintf(out, n, "%s %s Playhouse", PICK(adjectives), PICK(nouns));
        break;
    case DATAGEN_HALL:
        if (k == 0)
            snprintf(out, n, "%s Music Hall", PICK(last_names));
        else if (k == 1)
            snprintf(out, n, "%s %s Hall", PICK(first_names), PICK(last_names));
        else if (k == 2 && datagen_rng_chance(r, 200))
            snprintf(out, n, "%s Convention %s", city, centre);
        else
            snprintf(out, n, "%s %s", PICK(sponsors), PICK(halls));
        break;
    default:
        if (k == 0)
            snprintf(out, n, "%s %s", PICK(sponsors), PICK(big));
        else
            snprintf(out, n, "%s %s %s", PICK(sponsors), PICK(trade), PICK(big));
    }
}

void datagen_street(struct datagen_rng *r, const char *country, char *out, size_t n)
{
    static const char *const de[] = { "Linden", "Schiller",  "Goethe",  "Berg",
                                      "Hafen",  "Kirch",     "Bahnhof", "Markt",
                                      "Garten", "Friedrich", "Humboldt" };
    static const char *const cz[] = { "Vodičkova",   "Národní", "Husova",     "Karlova", "Dlouhá",
                                      "Vinohradská", "Korunní", "Sokolovská", "Plzeňská" };
    static const char *const nl[] = { "Keizers", "Heeren", "Prinsen", "Molen", "Kerk", "Haven" };
    static const char *const en[] = { "Street", "St", "Avenue", "Ave", "Road", "Blvd", "Way" };
    static const char *const uk[] = { "Road", "Street", "Lane", "Place", "Square", "Parade" };
    unsigned num = 1 + datagen_rng_below(r, 2400);

    if (strcmp(country, "DE") == 0)
        snprintf(out, n, "%sstraße %u", PICK(de), num % 120 + 1);
    else if (strcmp(country, "CZ") == 0)
        snprintf(out, n, "%s %u/%u", PICK(cz), num, num % 40 + 1);
    else if (strcmp(country, "NL") == 0)
        snprintf(out, n, "%sstraat %u", PICK(nl), num % 300 + 1);
    else if (strcmp(country, "GB") == 0 || strcmp(country, "IE") == 0)
        snprintf(out, n, "%u %s %s", num % 300 + 1, PICK(streets), PICK(uk));
    else
        snprintf(out, n, "%u %s %s", num, PICK(streets), PICK(en));
}

void datagen_info_text(struct datagen_rng *r, char *out, size_t n)
{
    static const char *const parts[] = {
        "Mobile entry only. Screenshots will not be accepted; have your tickets ready in your "
        "wallet before arriving.",
        "Clear bag policy in effect: bags larger than 12 x 6 x 12 inches will not be permitted.",
        "Program, cast and artists are subject to change.",
        "Accessible seating is available. Contact the box office at least 48 hours before the "
        "event.",
        "Parking opens two hours before start time. Public transport is strongly encouraged.",
        "All patrons must hold a valid ticket for entry.",
    };
    unsigned doors = 5 + datagen_rng_below(r, 3);
    int len = 0;
    switch (datagen_rng_below(r, 4)) {
    case 0:
        len = snprintf(out, n,
                       "Running Times: Doors: %u:00pm Start: %u:00pm Finish: %u:30pm "
                       "(approx.)",
                       doors, doors + 1, doors + 3);
        break;
    case 1:
        len = snprintf(out, n,
                       "There is a %s ticket limit per household. Orders that exceed the "
                       "limit may be cancelled without notice.",
                       PICK(number_words));
        break;
    case 2:
        len = snprintf(out, n,
                       "This is a %s+ event. Valid government-issued photo ID is required "
                       "for entry.",
                       datagen_rng_chance(r, 500) ? "21" : "18");
        break;
    default:
        len = snprintf(out, n,
                       "All ages. Patrons under %u must be accompanied by a parent or "
                       "guardian.",
                       12 + 2 * datagen_rng_below(r, 3));
    }
    if (len > 0 && (size_t)len < n && datagen_rng_chance(r, 600))
        snprintf(out + len, n - (size_t)len, " %s%s", PICK(parts),
                 datagen_rng_chance(r, 50) ? " ." : "");
}

void datagen_note_text(struct datagen_rng *r, const char *venue, char *out, size_t n)
{
    static const char *const notes[] = {
        "OVER 18 YEARS ONLY WITH PHOTO I.D. WILL BE ADMITTED. NO I.D. / NO ENTRY / NO REFUND.",
        "Please note: there is no re-entry to this event.",
        "Tickets are non-refundable except as required by law.",
        "Event start time is subject to change. Please check back closer to the event.",
        "No professional cameras or audio/video recording devices.",
        "Smoking and vaping are prohibited throughout the venue.",
        "This event is general admission standing; capacity is limited.",
    };
    if (datagen_rng_chance(r, 250))
        snprintf(out, n,
                 "Children's Policy: Persons under 12 years must be accompanied by a parent "
                 "or guardian at all times within %s.",
                 venue);
    else
        snprintf(out, n, "%s", PICK(notes));
}

/* The one real description seen is long, FAQ-like, with entities left
 * encoded and blank lines; mimic that. */
void datagen_description(struct datagen_rng *r, const char *name, const char *venue, char *out,
                         size_t n)
{
    snprintf(out, n,
             "%s+\n\nSing, dance, and experience R&amp;B, soul &amp; funk from past to present "
             "at %s.\n\n---\nQ: What is %s?\nA: A live music experience dedicated to the "
             "classics &amp; today's hits.\n\nQ: What's the ticketing policy?\nA: All sales are "
             "final.",
             datagen_rng_chance(r, 500) ? "21" : "18", venue, name);
}

const char *datagen_presale_name(struct datagen_rng *r)
{
    return PICK(presales);
}
