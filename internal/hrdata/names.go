package hrdata

// name is a first or last name with the ASCII form used in user IDs, because Entra does
// not allow letters with diacritics in a userPrincipalName.
type name struct {
	text  string
	ascii string
}

// givenNames and familyNames are common names from the countries of the offices below,
// paired at random. About half carry diacritics, apostrophes, hyphens or spaces, which
// exports must keep byte for byte.
var givenNames = []name{
	{"Zoë", "zoe"}, {"Łukasz", "lukasz"}, {"José", "jose"}, {"Søren", "soren"},
	{"Ngozi", "ngozi"}, {"Siobhán", "siobhan"}, {"Chloé", "chloe"}, {"Björn", "bjorn"},
	{"Ayşe", "ayse"}, {"Mátyás", "matyas"}, {"Ana-María", "ana-maria"}, {"D'Arcy", "darcy"},
	{"Jürgen", "jurgen"}, {"Małgorzata", "malgorzata"}, {"Anna", "anna"}, {"James", "james"},
	{"Priya", "priya"}, {"Wei", "wei"}, {"Fatima", "fatima"}, {"Kwame", "kwame"},
	{"Olivia", "olivia"}, {"Mateo", "mateo"}, {"Yuki", "yuki"}, {"Chukwuemeka", "chukwuemeka"},
	{"Ingrid", "ingrid"}, {"Tomasz", "tomasz"}, {"Lucía", "lucia"}, {"Mikkel", "mikkel"},
	{"Amara", "amara"}, {"Daniel", "daniel"}, {"Sofia", "sofia"}, {"Oluwaseun", "oluwaseun"},
}

var familyNames = []name{
	{"O'Brien", "obrien"}, {"Nowak-Kowalska", "nowak-kowalska"}, {"Müller", "muller"},
	{"García", "garcia"}, {"Østergaard", "ostergaard"}, {"Adeyemi", "adeyemi"},
	{"Okonkwo", "okonkwo"}, {"Dubois", "dubois"}, {"Nguyễn", "nguyen"}, {"Çelik", "celik"},
	{"Smith-Jones", "smith-jones"}, {"Kowalczyk", "kowalczyk"}, {"Fernández", "fernandez"},
	{"Lefèvre", "lefevre"}, {"Patel", "patel"}, {"Tanaka", "tanaka"}, {"Mensah", "mensah"},
	{"Johansson", "johansson"}, {"Brennan", "brennan"}, {"Weiß", "weiss"},
	{"Dąbrowska", "dabrowska"}, {"Yılmaz", "yilmaz"}, {"Kjærgaard", "kjaergaard"},
	{"Sánchez-Ruiz", "sanchez-ruiz"}, {"Mac Giolla Bhríde", "macgiollabhride"},
	{"du Plessis", "duplessis"}, {"Holm", "holm"}, {"Bakare", "bakare"},
}

// preferredNames are ASCII, so they can stand in the email address as they are.
var preferredNames = []string{"Sam", "Alex", "Jo", "Kit", "Gosia", "Seun", "Pepe", "Emeka", "Mo"}

type department struct {
	name       string
	costCenter int
}

// "Sales, Americas" needs quoting in CSV.
var departments = []department{
	{"Engineering", 300}, {"Finance", 200}, {"People", 400}, {"Sales, Americas", 500},
	{"Legal", 600}, {"Research & Development", 700}, {"Operations", 800},
}

// jobTitles include a comma and a quote, which CSV writers must quote and escape.
var jobTitles = []string{
	"Software Engineer", "Senior Software Engineer", "Data Analyst", "Accountant",
	"Recruiter", "Account Executive", "Legal Counsel", "Support Engineer",
	"Director, Operations", "Team Lead", "Payroll Specialist", `Head of "Blue Sky" Research`,
}

// office is a work location. Phone numbers are in the ranges reserved for fiction where a
// country has one, which are 020 7946 0000 to 0999 in the UK (Ofcom) and 555-0100 to
// 555-0199 in the US. The others are made up.
type office struct {
	city, postalCode, country, street string

	// phoneFormat takes one number from 0 to 99.
	phoneFormat string
}

var offices = []office{
	{"London", "E14 9XX", "GB", "Unit 4, 12 Harbour Road", "+44 20 7946 01%02d"},
	{"Seattle", "98101", "US", "1200 Sample Avenue", "+1 206 555 01%02d"},
	{"Lagos", "101001", "NG", "7 Marina Crescent", "+234 1 700 01%02d"},
	{"Madrid", "28013", "ES", "Calle del Ejemplo 23", "+34 910 000 1%02d"},
	{"København", "1050", "DK", "Eksempelvej 5", "+45 70 10 20 %02d"},
	{"Warszawa", "00-950", "PL", "ul. Przykładowa 9", "+48 22 000 01 %02d"},
}
