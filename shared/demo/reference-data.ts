/**
 * Fixed lists the demo clinic draws from: names, places, payers, procedure and diagnosis codes.
 *
 * Limits: procedure codes are codes only — CPT descriptors are licensed by the AMA and Medora ships
 * none. Diagnosis codes are ICD-10-CM (public domain). Phone numbers use the 555 exchange, e-mail
 * addresses the reserved `example.*` domains, so demo data never reaches a real person.
 */

export const FEMALE_FIRST_NAMES = [
  'Maria', 'Jennifer', 'Linda', 'Patricia', 'Elizabeth', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Nancy', 'Lisa',
  'Margaret', 'Sandra', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle', 'Carol', 'Amanda', 'Melissa', 'Deborah',
  'Stephanie', 'Rebecca', 'Laura', 'Sharon', 'Cynthia', 'Kathleen', 'Amy', 'Angela', 'Anna', 'Brenda', 'Pamela',
  'Emma', 'Nicole', 'Helen', 'Samantha', 'Katherine', 'Christine', 'Rachel', 'Janet', 'Catherine', 'Ana', 'Sofía',
  'Camila', 'Valeria', 'Isabella', 'Ximena', 'Guadalupe', 'Mei', 'Priya', 'Aisha', 'Fatima', 'Keisha', 'Yolanda',
  'Hannah', 'Olivia', 'Ava', 'Mia', 'Chloé', 'Grace', 'Lucía', 'Rosa', 'Carmen', 'Elena', 'Nadia', 'Leila', 'Linh',
  'Aaliyah', 'Imani', 'Zoe', 'Naomi', 'Ruth', 'Esther', 'Yuki', 'Soo-ah', 'Ngozi', 'Bianca', 'Renée', 'Siobhan',
] as const;

export const MALE_FIRST_NAMES = [
  'James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Charles', 'Christopher',
  'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua', 'Kenneth', 'Kevin', 'Brian',
  'George', 'Timothy', 'Ronald', 'Edward', 'Jason', 'Jeffrey', 'Ryan', 'Jacob', 'Gary', 'Nicholas', 'Eric', 'Jonathan',
  'Stephen', 'Larry', 'Justin', 'Scott', 'Brandon', 'Benjamin', 'Samuel', 'Juan', 'Carlos', 'Luis', 'José', 'Miguel',
  'Jorge', 'Alejandro', 'Diego', 'Wei', 'Hiroshi', 'Raj', 'Arjun', 'Omar', 'Ahmed', 'Malik', 'Darnell', 'Terrence',
  'Andre', 'Marcus', 'Tyrone', 'Dmitri', 'Ivan', 'Minh', 'Duc', 'Tuan', 'Kwame', 'Chinedu', 'Mateo', 'Santiago',
  'Elijah', 'Noah', 'Liam', 'Jamal', 'Rafael', 'Sean', 'Patrick', 'Connor', 'Ji-hoon',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez',
  'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
  'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera',
  'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz',
  'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz',
  'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez',
  'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez', 'Powell', 'Jenkins', 'Perry', 'Russell',
  'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan',
  'Patterson', 'Alexander', 'Hamilton', 'Graham', 'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes',
  'Bryant', 'Herrera', 'Gibson', 'Ellis', 'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro',
  'Marshall', 'Owens', 'Harrison', 'Fernandez', 'McDonald', 'Woods', 'Washington', 'Kennedy', 'Wells', 'Vargas',
  'Henry', 'Chen', 'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns', 'Crawford', 'Olson', 'Simpson', 'Porter', 'Hunter',
  'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason', 'Dixon', 'Muñoz', 'Hunt', 'Hicks', 'Holmes', 'Palmer',
  'Wagner', 'Black', 'Robertson', 'Boyd', 'Rose', 'Stone', 'Salazar', 'Fox', 'Warren', 'Mills', 'Meyer', 'Rice',
  'Schmidt', 'Garza', 'Daniels', 'Ferguson', 'Nichols', 'Stephens', 'Soto', 'Weaver', 'Ryan', 'Gardner', 'Payne',
  'Grant', 'Dunn', 'Spencer', 'Hawkins', 'Arnold', 'Pierce', 'Vazquez', 'Hansen', 'Peters', 'Santos', 'Hart',
  'Bradley', 'Knight', 'Elliott', 'Cunningham', 'Duncan', 'Armstrong', 'Hudson', 'Carroll', 'Lane', 'Riley', 'Andrews',
  'Alvarado', 'Ray', 'Delgado', 'Berry', 'Perkins', 'Hoffman', 'Johnston', 'Matthews', 'Peña', 'Richards', 'Contreras',
  'Willis', 'Carpenter', 'Lawrence', 'Sandoval', 'Wang', 'Li', 'Zhang', 'Liu', 'Singh', 'Shah', 'Khan', 'Ali', 'Park',
  'Choi', 'Yamamoto', 'Tanaka', 'Nakamura', 'Le', 'Pham', 'Hoang', 'Okafor', 'Adeyemi', 'Mensah', 'Kowalski', 'Novak',
  'Rossi', 'Russo', 'Cohen', 'Levy', 'Friedman', "O'Brien", 'García-López', 'St. Clair', 'Van der Berg',
] as const;

export const STREET_NAMES = [
  'Main Street', 'Oak Avenue', 'Maple Drive', 'Cedar Lane', 'Pine Street', 'Elm Street', 'Washington Avenue', 'Lake Street',
  'Hill Road', 'Park Avenue', 'Highland Avenue', 'Church Street', 'Mill Road', 'River Road', 'Spring Street', 'Walnut Street',
  'Chestnut Street', 'Franklin Avenue', 'Jefferson Street', 'Lincoln Avenue', 'Madison Avenue', 'Ridge Road', 'Meadow Lane',
  'Willow Way', 'Broadway', 'Market Street', 'Union Street', 'Center Street', 'Second Street', 'Third Avenue',
  'Sunset Boulevard', 'Grand Avenue', 'Prospect Street', 'Forest Drive', 'Valley View Road', 'Orchard Court',
] as const;

export const LANGUAGES = [
  ['English', 78], ['Spanish', 14], ['Chinese', 2], ['Vietnamese', 2], ['Korean', 1], ['Tagalog', 1], ['Russian', 1], ['Arabic', 1],
] as const;

/** A place a facility can be opened in, with towns its patients come from. */
export interface FacilitySite {
  readonly code: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  readonly addressLine1: string;
  readonly addressLine2: string | null;
  readonly areaCode: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly timeZone: string;
  /** `[city, state, postal code]` of nearby towns for patient addresses. */
  readonly towns: readonly (readonly [string, string, string])[];
}

/**
 * The first three are the demo clinic's facilities (east, west, central; three time zones, one of
 * them with a spring-forward/fall-back change inside the demo window). The rest are used only when a
 * larger scale needs more physicians than three sites would plausibly hold.
 */
export const FACILITY_SITES: readonly FacilitySite[] = [
  {
    code: 'PHL', city: 'Philadelphia', state: 'PA', postalCode: '19103', addressLine1: '1601 Walnut Street', addressLine2: 'Suite 400',
    areaCode: '215', latitude: 39.9501, longitude: -75.1683, timeZone: 'America/New_York',
    towns: [['Philadelphia', 'PA', '19103'], ['Philadelphia', 'PA', '19146'], ['Camden', 'NJ', '08102'], ['Cherry Hill', 'NJ', '08002'], ['Upper Darby', 'PA', '19082'], ['Norristown', 'PA', '19401']],
  },
  {
    code: 'LAX', city: 'Los Angeles', state: 'CA', postalCode: '90010', addressLine1: '3600 Wilshire Boulevard', addressLine2: 'Suite 1200',
    areaCode: '213', latitude: 34.0617, longitude: -118.3022, timeZone: 'America/Los_Angeles',
    towns: [['Los Angeles', 'CA', '90010'], ['Los Angeles', 'CA', '90019'], ['Glendale', 'CA', '91205'], ['Inglewood', 'CA', '90301'], ['Pasadena', 'CA', '91101'], ['Long Beach', 'CA', '90802']],
  },
  {
    code: 'CHI', city: 'Chicago', state: 'IL', postalCode: '60606', addressLine1: '211 West Wacker Drive', addressLine2: 'Suite 900',
    areaCode: '312', latitude: 41.8868, longitude: -87.6339, timeZone: 'America/Chicago',
    towns: [['Chicago', 'IL', '60606'], ['Chicago', 'IL', '60618'], ['Cicero', 'IL', '60804'], ['Evanston', 'IL', '60201'], ['Oak Park', 'IL', '60302'], ['Skokie', 'IL', '60076']],
  },
  {
    code: 'HOU', city: 'Houston', state: 'TX', postalCode: '77027', addressLine1: '4100 Westheimer Road', addressLine2: 'Suite 210',
    areaCode: '713', latitude: 29.7423, longitude: -95.4452, timeZone: 'America/Chicago',
    towns: [['Houston', 'TX', '77027'], ['Houston', 'TX', '77081'], ['Pasadena', 'TX', '77502'], ['Bellaire', 'TX', '77401']],
  },
  {
    code: 'PHX', city: 'Phoenix', state: 'AZ', postalCode: '85012', addressLine1: '3200 North Central Avenue', addressLine2: null,
    areaCode: '602', latitude: 33.4850, longitude: -112.0740, timeZone: 'America/Phoenix',
    towns: [['Phoenix', 'AZ', '85012'], ['Phoenix', 'AZ', '85015'], ['Tempe', 'AZ', '85281'], ['Glendale', 'AZ', '85301']],
  },
  {
    code: 'DEN', city: 'Denver', state: 'CO', postalCode: '80206', addressLine1: '2500 East First Avenue', addressLine2: 'Suite 300',
    areaCode: '303', latitude: 39.7178, longitude: -104.9566, timeZone: 'America/Denver',
    towns: [['Denver', 'CO', '80206'], ['Denver', 'CO', '80219'], ['Aurora', 'CO', '80012'], ['Lakewood', 'CO', '80226']],
  },
  {
    code: 'ATL', city: 'Atlanta', state: 'GA', postalCode: '30308', addressLine1: '725 West Peachtree Street', addressLine2: 'Suite 150',
    areaCode: '404', latitude: 33.7743, longitude: -84.3877, timeZone: 'America/New_York',
    towns: [['Atlanta', 'GA', '30308'], ['Atlanta', 'GA', '30310'], ['Decatur', 'GA', '30030'], ['East Point', 'GA', '30344']],
  },
  {
    code: 'MIA', city: 'Miami', state: 'FL', postalCode: '33130', addressLine1: '1390 South Dixie Highway', addressLine2: null,
    areaCode: '305', latitude: 25.7585, longitude: -80.2045, timeZone: 'America/New_York',
    towns: [['Miami', 'FL', '33130'], ['Hialeah', 'FL', '33010'], ['Coral Gables', 'FL', '33134'], ['Miami Gardens', 'FL', '33056']],
  },
  {
    code: 'SEA', city: 'Seattle', state: 'WA', postalCode: '98104', addressLine1: '901 Fifth Avenue', addressLine2: 'Suite 2000',
    areaCode: '206', latitude: 47.6056, longitude: -122.3322, timeZone: 'America/Los_Angeles',
    towns: [['Seattle', 'WA', '98104'], ['Seattle', 'WA', '98118'], ['Renton', 'WA', '98057'], ['Bellevue', 'WA', '98004']],
  },
  {
    code: 'LAS', city: 'Las Vegas', state: 'NV', postalCode: '89102', addressLine1: '2800 West Sahara Avenue', addressLine2: 'Suite 1A',
    areaCode: '702', latitude: 36.1441, longitude: -115.1800, timeZone: 'America/Los_Angeles',
    towns: [['Las Vegas', 'NV', '89102'], ['Henderson', 'NV', '89014'], ['North Las Vegas', 'NV', '89030'], ['Las Vegas', 'NV', '89121']],
  },
  {
    code: 'DET', city: 'Detroit', state: 'MI', postalCode: '48226', addressLine1: '500 Griswold Street', addressLine2: 'Suite 1600',
    areaCode: '313', latitude: 42.3316, longitude: -83.0466, timeZone: 'America/Detroit',
    towns: [['Detroit', 'MI', '48226'], ['Dearborn', 'MI', '48126'], ['Southfield', 'MI', '48075'], ['Warren', 'MI', '48089']],
  },
  {
    code: 'SAN', city: 'San Diego', state: 'CA', postalCode: '92108', addressLine1: '2250 Camino del Rio North', addressLine2: null,
    areaCode: '619', latitude: 32.7725, longitude: -117.1505, timeZone: 'America/Los_Angeles',
    towns: [['San Diego', 'CA', '92108'], ['Chula Vista', 'CA', '91910'], ['El Cajon', 'CA', '92020'], ['National City', 'CA', '91950']],
  },
];

/** Weekly opening hours as `[weekday 0..6, open, close]`; facilities cycle through these. */
export const HOURS_PATTERNS: readonly (readonly (readonly [number, string, string])[])[] = [
  [[1, '08:00', '18:00'], [2, '08:00', '18:00'], [3, '08:00', '18:00'], [4, '08:00', '18:00'], [5, '08:00', '18:00'], [6, '09:00', '13:00']],
  [[1, '07:30', '17:30'], [2, '07:30', '17:30'], [3, '07:30', '17:30'], [4, '07:30', '17:30'], [5, '07:30', '17:30'], [6, '08:00', '12:00']],
  [[1, '08:00', '17:00'], [2, '08:00', '17:00'], [3, '08:00', '17:00'], [4, '08:00', '17:00'], [5, '08:00', '16:00']],
];

export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Exam types: codes only (no AMA descriptors), durations in minutes. */
export const EXAM_TYPE_CATALOG = [
  { key: 'consult', name: 'New Patient Consultation', durationMinutes: 45, color: '#2563EB', resourceKind: 'room', isBillable: true, codes: [['99204', []]] },
  { key: 'follow_up', name: 'Follow-up Visit', durationMinutes: 15, color: '#0EA5E9', resourceKind: 'room', isBillable: true, codes: [['99213', []]] },
  { key: 'mri_lumbar', name: 'MRI Lumbar Spine', durationMinutes: 45, color: '#7C3AED', resourceKind: 'equipment', isBillable: true, codes: [['72148', []]] },
  { key: 'mri_cervical', name: 'MRI Cervical Spine', durationMinutes: 45, color: '#9333EA', resourceKind: 'equipment', isBillable: true, codes: [['72141', []]] },
  { key: 'x_ray', name: 'X-ray Cervical Spine', durationMinutes: 15, color: '#64748B', resourceKind: 'equipment', isBillable: true, codes: [['72040', []]] },
  { key: 'pt_evaluation', name: 'Physical Therapy Evaluation', durationMinutes: 45, color: '#16A34A', resourceKind: 'room', isBillable: true, codes: [['97161', ['GP']]] },
  { key: 'pt_session', name: 'Physical Therapy Session', durationMinutes: 45, color: '#22C55E', resourceKind: 'room', isBillable: true, codes: [['97110', ['GP']], ['97140', ['GP']]] },
  { key: 'chiropractic', name: 'Chiropractic Adjustment', durationMinutes: 15, color: '#F59E0B', resourceKind: 'room', isBillable: true, codes: [['98941', []]] },
  { key: 'post_op_check', name: 'Post-operative Check', durationMinutes: 15, color: '#94A3B8', resourceKind: 'room', isBillable: false, codes: [['99024', []]] },
] as const satisfies readonly {
  key: string; name: string; durationMinutes: number; color: string; resourceKind: 'room' | 'equipment'; isBillable: boolean;
  codes: readonly (readonly [string, readonly string[]])[];
}[];
export type ExamTypeKey = (typeof EXAM_TYPE_CATALOG)[number]['key'];

/** The demo fee schedule in integer cents per unit, and units billed per visit. */
export const FEE_SCHEDULE: Readonly<Record<string, { readonly unitFeeCents: number; readonly units: number }>> = {
  '99204': { unitFeeCents: 35_000, units: 1 },
  '99213': { unitFeeCents: 15_000, units: 1 },
  '72148': { unitFeeCents: 185_000, units: 1 },
  '72141': { unitFeeCents: 175_000, units: 1 },
  '72040': { unitFeeCents: 14_500, units: 1 },
  '97161': { unitFeeCents: 22_500, units: 1 },
  '97110': { unitFeeCents: 7_500, units: 2 },
  '97140': { unitFeeCents: 7_000, units: 1 },
  '98941': { unitFeeCents: 9_500, units: 1 },
  '99024': { unitFeeCents: 0, units: 1 },
};

/** Specialties and the exam types (with booking weights) their physicians offer. */
export const SPECIALTIES = {
  orthopedics: {
    name: 'Orthopedic Surgery', credentials: ['MD', 'DO'],
    exams: [['consult', 25], ['follow_up', 50], ['x_ray', 12], ['post_op_check', 8]],
  },
  pain: { name: 'Pain Management', credentials: ['MD', 'DO'], exams: [['consult', 30], ['follow_up', 70]] },
  rehabilitation: {
    name: 'Physical Medicine & Rehabilitation', credentials: ['DO', 'MD'],
    exams: [['consult', 30], ['follow_up', 50], ['pt_evaluation', 20]],
  },
  chiropractic: { name: 'Chiropractic', credentials: ['DC'], exams: [['chiropractic', 80], ['consult', 8], ['x_ray', 12]] },
  physical_therapy: { name: 'Physical Therapy', credentials: ['DPT', 'PT'], exams: [['pt_session', 80], ['pt_evaluation', 20]] },
  radiology: { name: 'Radiology', credentials: ['MD'], exams: [['mri_lumbar', 40], ['mri_cervical', 30], ['x_ray', 30]] },
  neurology: { name: 'Neurology', credentials: ['MD'], exams: [['consult', 40], ['follow_up', 60]] },
} as const satisfies Record<string, { name: string; credentials: readonly string[]; exams: readonly (readonly [ExamTypeKey, number])[] }>;
export type SpecialtyKey = keyof typeof SPECIALTIES;

/** The order specialties are handed out in; with 15 physicians over 3 sites each site gets a full team. */
export const SPECIALTY_ROTATION: readonly SpecialtyKey[] = [
  'orthopedics', 'chiropractic', 'physical_therapy', 'radiology', 'pain', 'rehabilitation', 'chiropractic',
  'physical_therapy', 'orthopedics', 'physical_therapy', 'orthopedics', 'chiropractic', 'pain', 'radiology', 'neurology',
];

export const PHYSICIAN_COLORS = [
  '#1D4ED8', '#B45309', '#047857', '#7C3AED', '#BE123C', '#0F766E', '#A16207', '#4338CA', '#C2410C', '#15803D',
  '#9D174D', '#0369A1', '#6D28D9', '#B91C1C', '#0E7490', '#4D7C0F',
] as const;

export const LAW_FIRMS = [
  'Reyes & Castillo Injury Law', 'Morgan Whitfield LLP', 'Brennan Accident Attorneys', 'Okafor Law Group', 'Hartman & Cole',
  'Lindqvist Trial Lawyers', 'Sandoval Personal Injury', 'Greenberg Kaplan PC', 'Delgado Law Offices', 'Ashford & Pike',
  'Nakamura Injury Counsel', 'Fitzgerald Murray LLP',
] as const;

export const PRACTICE_NAMES = [
  'Family Medicine', 'Primary Care Associates', 'Internal Medicine Group', 'Urgent Care', 'Community Health Center',
  'Medical Associates', 'Family Health', 'Neighborhood Clinic',
] as const;

/** Health plans with their public EDI payer ids where the id is national. */
export const PAYERS: readonly (readonly [string, string | null])[] = [
  ['Aetna', '60054'], ['UnitedHealthcare', '87726'], ['Cigna', '62308'], ['Humana', '61101'], ['Blue Cross Blue Shield', null],
  ['Medicare Part B', null], ['Medicaid', null], ['Kaiser Permanente', null], ['Oscar Health', null], ['Molina Healthcare', null],
];

export const AUTO_CARRIERS = ['State Farm', 'GEICO', 'Progressive', 'Allstate', 'Liberty Mutual', 'Farmers', 'USAA', 'Nationwide'] as const;
export const WORKERS_COMP_CARRIERS = ['The Hartford', 'Travelers', 'Zenith Insurance', 'AmTrust', 'Employers Holdings', 'State Fund'] as const;

/** ICD-10-CM codes typical of each kind of case. */
export const DIAGNOSES = {
  pi: ['S13.4XXA', 'S33.5XXA', 'M54.2', 'M54.50', 'S16.1XXA', 'M79.1', 'G44.309', 'S39.012A', 'M99.01', 'M99.03'],
  work: ['S33.5XXA', 'M54.50', 'S46.011A', 'M75.101', 'S63.501A', 'M54.16', 'S83.511A'],
  general: ['M54.50', 'M54.2', 'M47.812', 'M51.26', 'M17.11', 'M25.561', 'M62.830', 'G89.29'],
} as const;

export const INJURY_DESCRIPTIONS = {
  pi_auto: [
    'Rear-end collision at a stop light; neck and low back pain',
    'T-bone collision at an intersection; shoulder and neck pain',
    'Side-swiped on the highway; headaches and cervical pain',
    'Passenger in a rideshare collision; lumbar pain radiating to the leg',
    'Struck while parked; whiplash symptoms the next morning',
  ],
  pi_other: [
    'Slip and fall on a wet floor in a grocery store',
    'Trip over a raised sidewalk slab; wrist and knee pain',
    'Fall down an unlit stairwell in a rental building',
    'Dog bite with a fall; shoulder strain',
  ],
  workers_comp: [
    'Lifting injury in a warehouse; acute low back pain',
    'Fall from a ladder at a job site',
    'Repetitive strain from assembly-line work; wrist and shoulder',
    'Struck by a pallet jack; knee sprain',
  ],
  general_health: [
    'Chronic low back pain',
    'Degenerative disc disease, lumbar',
    'Neck pain with intermittent numbness',
    'Knee osteoarthritis; evaluating treatment options',
    'Sports injury, shoulder',
  ],
} as const;

export const REFERRAL_REASONS = [
  'Evaluate persistent neck pain after motor vehicle accident', 'Lumbar radiculopathy, please assess', 'Imaging requested: MRI lumbar spine',
  'Second opinion on surgical options', 'Physical therapy plan of care', 'Chronic pain management consultation',
] as const;

export const CANCEL_REASONS = ['Patient request', 'Illness', 'No transportation', 'Rescheduled by clinic', 'Weather', 'Work conflict'] as const;

export const APPOINTMENT_NOTES = [
  'Bring imaging CD from prior facility', 'Interpreter requested', 'Patient prefers morning appointments',
  'Attorney requested a copy of the visit note', 'Wheelchair accessible room', 'Follow up on medication change',
] as const;

export const REFERRAL_SOURCES = ['Attorney referral', 'Referring physician', 'Internet search', 'Walk-in', 'Prior patient', 'Employer'] as const;
