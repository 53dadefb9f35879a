/*
 * words.c - the word lists the name makers combine (see words.h).
 *
 * Everything with a person's name in it is made up from the first and
 * last name lists.
 */
#include "config.h"
#include "core/common.h"
#include "tools/datagen/words.h"

const char *const datagen_first_names[] = {
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
const size_t datagen_nfirst_names = MQ_ARRAY_LEN(datagen_first_names);

const char *const datagen_last_names[] = {
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
const size_t datagen_nlast_names = MQ_ARRAY_LEN(datagen_last_names);

const char *const datagen_adjectives[] = {
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
const size_t datagen_nadjectives = MQ_ARRAY_LEN(datagen_adjectives);

const char *const datagen_nouns[] = {
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
const size_t datagen_nnouns = MQ_ARRAY_LEN(datagen_nouns);

const char *const datagen_plurals[] = {
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
const size_t datagen_nplurals = MQ_ARRAY_LEN(datagen_plurals);

const char *const datagen_streets[] = {
    "Main",     "King",     "Queen",    "Elm",       "Market",     "Park",     "River",    "Church",
    "Mill",     "Harbor",   "Union",    "Water",     "Front",      "High",     "Bay",      "Spring",
    "Lake",     "Maple",    "Oak",      "Cedar",     "Pine",       "Grand",    "Broad",    "Bridge",
    "Station",  "Victoria", "Albert",   "George",    "Wellington", "Adelaide", "Chestnut", "Walnut",
    "Commerce", "Liberty",  "Franklin", "Jefferson", "Madison",    "Lincoln",  "Hudson",   "Ocean",
};
const size_t datagen_nstreets = MQ_ARRAY_LEN(datagen_streets);

const char *const datagen_sponsors[] = {
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
const size_t datagen_nsponsors = MQ_ARRAY_LEN(datagen_sponsors);

const char *const datagen_tribute_acts[] = {
    "The Beatles",     "Queen",       "ABBA",
    "Fleetwood Mac",   "Prince",      "Whitney Houston",
    "Pink Floyd",      "Elton John",  "Led Zeppelin",
    "Tom Petty",       "Bon Jovi",    "The Eagles",
    "Neil Diamond",    "Johnny Cash", "Elvis Presley",
    "Michael Jackson", "Billy Joel",  "Aretha Franklin",
    "Bob Marley",      "David Bowie", "The Rolling Stones",
    "Stevie Wonder",   "Tina Turner", "AC/DC",
};
const size_t datagen_ntribute_acts = MQ_ARRAY_LEN(datagen_tribute_acts);

const char *const datagen_composers[] = {
    "Beethoven", "Mozart",       "Brahms",    "Tchaikovsky", "Mahler",  "Dvořák",  "Rachmaninoff",
    "Sibelius",  "Shostakovich", "Vivaldi",   "Bach",        "Handel",  "Haydn",   "Schubert",
    "Chopin",    "Debussy",      "Ravel",     "Stravinsky",  "Holst",   "Copland", "Gershwin",
    "Elgar",     "Mendelssohn",  "Prokofiev", "Smetana",     "Janáček",
};
const size_t datagen_ncomposers = MQ_ARRAY_LEN(datagen_composers);

const char *const datagen_works[] = {
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
const size_t datagen_nworks = MQ_ARRAY_LEN(datagen_works);

const char *const datagen_ballets[] = {
    "Swan Lake",   "The Nutcracker", "Giselle",     "Romeo and Juliet",
    "Don Quixote", "Coppélia",       "La Bayadère", "The Sleeping Beauty",
    "Cinderella",  "Le Corsaire",    "Sylvia",      "Onegin",
};
const size_t datagen_nballets = MQ_ARRAY_LEN(datagen_ballets);

const char *const datagen_operas[] = {
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
const size_t datagen_noperas = MQ_ARRAY_LEN(datagen_operas);

const char *const datagen_animals[] = {
    "Dinosaur", "Dragon", "Unicorn", "Penguin", "Bear", "Fox",   "Owl",   "Tiger", "Shark",
    "Octopus",  "Panda",  "Llama",   "Rabbit",  "Frog", "Whale", "Koala", "Otter", "Kangaroo",
};
const size_t datagen_nanimals = MQ_ARRAY_LEN(datagen_animals);

const char *const datagen_foods[] = {
    "Taco",    "Burger", "Wine",     "Beer",    "BBQ",    "Chocolate", "Oyster",
    "Ramen",   "Pizza",  "Dumpling", "Cheese",  "Coffee", "Donut",     "Chili",
    "Seafood", "Cider",  "Whiskey",  "Tequila", "Gin",    "Rum",
};
const size_t datagen_nfoods = MQ_ARRAY_LEN(datagen_foods);

const char *const datagen_hobbies[] = {
    "Comic", "Home & Garden", "Boat",        "RV",    "Auto",     "Bridal", "Tattoo",
    "Anime", "Gaming",        "Model Train", "Quilt", "Antiques", "Pet",    "Outdoor Adventure",
    "Tech",  "Record",        "Vinyl",
};
const size_t datagen_nhobbies = MQ_ARRAY_LEN(datagen_hobbies);

const char *const datagen_fight_brands[] = {
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
const size_t datagen_nfight_brands = MQ_ARRAY_LEN(datagen_fight_brands);

const char *const datagen_wrestling_shows[] = {
    "WWE Monday Night RAW", "WWE Friday Night SmackDown",
    "AEW Dynamite",         "AEW Collision",
    "WWE Supershow",        "TNA Wrestling",
    "Ring of Honor",        "NXT Live",
};
const size_t datagen_nwrestling_shows = MQ_ARRAY_LEN(datagen_wrestling_shows);

const char *const datagen_motor_shows[] = {
    "Monster Jam", "AMA Supercross",      "Nitro Circus",  "Monster Truck Nationals",
    "Arenacross",  "Speedway Grand Prix", "Drift Masters", "FMX Freestyle",
};
const size_t datagen_nmotor_shows = MQ_ARRAY_LEN(datagen_motor_shows);

const char *const datagen_theme_nights[] = {
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
const size_t datagen_ntheme_nights = MQ_ARRAY_LEN(datagen_theme_nights);

const char *const datagen_listing_suffixes[] = {
    " - Suite Rental", " (Premium Spaces)", " (Suite)", " - Club Seats", " - Parking",
};
const size_t datagen_nlisting_suffixes = MQ_ARRAY_LEN(datagen_listing_suffixes);

const char *const datagen_presales[] = {
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
const size_t datagen_npresales = MQ_ARRAY_LEN(datagen_presales);

const char *const datagen_number_words[] = { "two (2)", "four (4)", "six (6)", "eight (8)",
                                             "ten (10)" };
const size_t datagen_nnumber_words = MQ_ARRAY_LEN(datagen_number_words);
