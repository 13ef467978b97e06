/**
 * Word lists the change table and the owner rules read: who is close to the user, what
 * counts as a pet, a vehicle, a phone, a school, and which topics hold one current habit.
 * Data only; extend as the data shows.
 */

/** Relation words → the relation part of a slot ("my wife" → "partner.…"). */
export const RELATIONS: Record<string, string> = {
  wife: 'partner',
  husband: 'partner',
  partner: 'partner',
  spouse: 'partner',
  boyfriend: 'partner',
  girlfriend: 'partner',
  fiance: 'partner',
  fiancé: 'partner',
  fiancee: 'partner',
  fiancée: 'partner',
  gf: 'partner',
  bf: 'partner',
  hubby: 'partner',
  wifey: 'partner',
  missus: 'partner',
  'other half': 'partner',
  daughter: 'daughter',
  son: 'son',
  kid: 'child',
  child: 'child',
  baby: 'child',
  mom: 'mother',
  mum: 'mother',
  mother: 'mother',
  dad: 'father',
  father: 'father',
  sister: 'sister',
  brother: 'brother',
  grandma: 'grandmother',
  grandmother: 'grandmother',
  grandpa: 'grandfather',
  grandfather: 'grandfather',
  friend: 'friend',
  'best friend': 'friend',
  roommate: 'roommate',
  flatmate: 'roommate',
  boss: 'boss',
  manager: 'boss',
  colleague: 'colleague',
  coworker: 'colleague',
  'co-worker': 'colleague',
  aunt: 'aunt',
  uncle: 'uncle',
  cousin: 'cousin',
  niece: 'niece',
  nephew: 'nephew',
  neighbor: 'neighbor',
  neighbour: 'neighbor',
  stepson: 'son',
  stepdaughter: 'daughter',
};

export const RELATION_WORDS = Object.keys(RELATIONS)
  .sort((a, b) => b.length - a.length)
  .join('|');

export const PET_NOUNS =
  'dog|dogs|cat|cats|puppy|puppies|kitten|kittens|pet|pets|hamster|rabbit|bunny|parrot|budgie|goldfish|fish|turtle|tortoise|horse|pony|guinea pig|lizard|gecko|snake|ferret|chinchilla|pup|rat|mouse|bird|hedgehog';

/** Breeds and species a bare "Otis is a beagle" names. */
export const BREEDS =
  'beagle|labrador|lab|golden retriever|retriever|poodle|corgi|dachshund|bulldog|french bulldog|frenchie|pug|husky|shepherd|german shepherd|collie|border collie|terrier|chihuahua|greyhound|whippet|spaniel|cavalier|schnauzer|rottweiler|boxer|doberman|shih tzu|maltese|pomeranian|samoyed|akita|shiba|shiba inu|great dane|mastiff|sheepdog|mutt|rescue dog|cockapoo|cavapoo|labradoodle|goldendoodle|staffie|staffy|jack russell|westie|sausage dog|lurcher|springer|cocker spaniel|vizsla|weimaraner|dalmatian|pointer|setter|bichon|havanese|cockatiel|budgerigar|canary|axolotl|tarantula|bearded dragon|tabby|siamese|persian|maine coon|ragdoll|sphynx|bengal|dog|cat|puppy|kitten|hamster|rabbit|parrot|guinea pig|gecko|tortoise|turtle';

export const VEHICLE_WORDS =
  'car|cars|diesel|truck|pickup|suv|van|minivan|motorbike|motorcycle|scooter|moped|ev|hatchback|sedan|convertible|jeep|camper|rv|bike|e-bike|corolla|camry|civic|accord|prius|model [3sxy]|golf|polo|fiesta|focus|mustang|outback|forester|rav4|cr-v|ev6|ioniq|leaf|kia|toyota|honda|tesla|ford|bmw|audi|mercedes|volkswagen|vw|hyundai|nissan|mazda|subaru|volvo|skoda|renault|peugeot|fiat|jeep|chevy|chevrolet|dodge|lexus|porsche|mini|polestar|rivian|byd|vespa|yamaha|ducati|harley';

export const PHONE_WORDS =
  'phone|iphone|pixel|galaxy|samsung|oneplus|android|smartphone|xiaomi|motorola|moto g|nokia|fairphone|huawei';

export const SCHOOL_WORDS =
  'university|college|school|academy|institute|polytechnic|conservatory|uni|community college|grad school|bootcamp';

/**
 * Topics where a person has one current habit or choice: a statement about one replaces the
 * last ("I've switched to cortados" after "my go-to is an oat flat white"). Slot → words.
 */
/** Diets by name: what starting, keeping or ending a diet names. */
export const DIETS =
  'vegan|vegetarian|pescatarian|pescetarian|keto|paleo|carnivore|flexitarian|plant[- ]based';

export const HABIT_TOPICS: Record<string, string> = {
  coffee_order:
    'coffee|espresso|latte|lattes|flat white|flat whites|cortado|cortados|americano|americanos|cappuccino|cappuccinos|macchiato|mocha|cold brew|filter coffee|pour-over|black coffee',
  commute:
    'drive to work|drive in|drive into work|drive to the office|cycle in|cycle to work|cycle to the office|bike to work|bike in|ride to work|get the train|take the train|get the tube|take the tube|get the bus|take the bus|bus to work|walk to work|walk in|commute|commuting|work from home|wfh|ferry|metro|subway|tram',
  grocery_store:
    'weekly shop|food shop|big shop|grocery shop|grocery shopping|groceries|supermarket',
  reading:
    'fantasy|epic fantasy|sci-fi|science fiction|biographies|biography|thrillers|romance novels|crime novels|non-fiction|nonfiction|memoirs|poetry|graphic novels|manga|audiobooks',
  takeaway: 'takeaway|take-away|takeout|take-out',
  editor:
    'vs code|vscode|visual studio code|neovim|nvim|vim|emacs|helix|sublime text|sublime|intellij|pycharm|webstorm|xcode|zed|cursor editor',
  notes_app:
    'notion|obsidian|logseq|evernote|onenote|bear app|apple notes|google keep|roam research',
  exercise:
    'crossfit|yoga|pilates|bouldering|climbing|running|runs|run|jogging|swimming|cycling|spinning|weightlifting|lifting|powerlifting|boxing|kickboxing|martial arts|jiu-jitsu|bjj|karate|tennis|padel|squash|rowing|hiit|gym|workouts?|barre|zumba|triathlon|marathon training',
};
